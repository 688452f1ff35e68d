/**
 * What an import or pull read but must tell the user about (ids mapped, spans skipped, duplicate span ids), kept with
 * the load in pull_warnings. A file can repeat one problem a million times: the first MAX_KEPT are kept word for word,
 * the rest counted.
 */
export interface LoadWarning {
  message: string;
  /** The trace it is about, so the waterfall can show it; null for the whole load. */
  traceId: string | null;
}

const MAX_KEPT = 50;

export class LoadWarnings {
  private readonly kept: LoadWarning[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  /** The same warning twice (one odd id on every span that names it) is said once. */
  add(message: string, traceId: string | null): void {
    const key = `${traceId ?? ''} ${message}`;
    if (this.seen.has(key)) return;
    if (this.seen.size < 10_000) this.seen.add(key);
    if (this.kept.length < MAX_KEPT) this.kept.push({ message, traceId });
    else this.dropped++;
  }

  list(): LoadWarning[] {
    return this.dropped === 0 ? [...this.kept] : [...this.kept, { message: `… and ${this.dropped} more warnings like these`, traceId: null }];
  }
}
