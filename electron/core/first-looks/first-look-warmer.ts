import type { Db } from '../db/open-database.js';
import type { WriteQueue } from '../db/write-queue.js';
import { dropOrphanFirstLooks, orphanFirstLooks, saveFirstLook, staleFirstLooks } from '../queries/first-look.js';
import type { ReadThread } from '../read-thread/read-thread.js';

export interface WarmerOptions {
  /** A pass starts this long after the write that asked for it: the receiver commits every second or so. */
  delayMs: number;
}

const DEFAULTS: WarmerOptions = { delayMs: 1_000 };

/**
 * Keeps big traces' first looks (queries/first-look.ts) up to date after writes: finds the traces a write made
 * stale, lays each out on the read thread (a million spans take seconds; the API thread keeps answering) and stores
 * the result through the write queue. A trace that grew while it was laid out is refused by the save and built again
 * on the pass its write asks for; one whose layout fails is skipped at that span count.
 */
export class FirstLookWarmer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly failed = new Set<string>();
  private readonly options: WarmerOptions;

  constructor(
    private readonly db: Db,
    private readonly writeDb: Db,
    private readonly writes: WriteQueue,
    private readonly reads: ReadThread,
    options: Partial<WarmerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Asks for a pass soon; passes never overlap, and asks meanwhile make one more. */
  schedule(): void {
    if (this.closed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running !== null) this.again = true;
      else this.running = this.pass().finally(() => this.passed());
    }, this.options.delayMs);
    this.timer.unref();
  }

  /** Resolves once no pass runs or is due (benchmarks and tests wait on it). */
  async settled(): Promise<void> {
    while (this.timer !== null || this.running !== null) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, this.options.delayMs)));
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private passed(): void {
    this.running = null;
    if (this.again && !this.closed) {
      this.again = false;
      this.schedule();
    }
  }

  private async pass(): Promise<void> {
    for (const { traceId, spanCount } of staleFirstLooks(this.db)) {
      const attempt = `${traceId}:${spanCount}`;
      if (this.closed) return;
      if (this.failed.has(attempt)) continue;
      try {
        const look = await this.reads.run('firstLook', { traceId });
        if (look === null || this.closed) continue;
        await this.writes.run(() => saveFirstLook(this.writeDb, look));
      } catch {
        // A trace that cannot be laid out shows its error when opened; warming it again would fail the same way.
        this.failed.add(attempt);
      }
    }
    if (!this.closed && orphanFirstLooks(this.db) > 0) await this.writes.run(() => dropOrphanFirstLooks(this.writeDb));
  }
}
