/**
 * How the load list names a ledger entry. Imported files and URLs: the last path segment, which a person
 * recognises. Pulled questions (`<source> traces {…}`, `<source> logs {…}`, electron/core/sources/pull-key.ts) are not
 * paths — their JSON escapes quotes with backslashes — so they are named by source, kind and what was asked.
 */
export function loadLabel(target: string): string {
  const pulled = /^(\S+) (traces|logs|dependencies|aggregates) (\{.*\})$/s.exec(target);
  if (pulled !== null) {
    const asked = askedOf(pulled[3]!);
    return `${pulled[1]} ${pulled[2]}${asked === '' ? '' : `: ${asked}`}`;
  }
  if (/^trace [0-9a-f]{16,32}$/.test(target)) return target;
  const segments = target.split(/[\\/]/).filter(Boolean);
  return segments.at(-1) ?? target;
}

/** The part of a question a person typed: the TraceQL or query, else the service (and operation). */
function askedOf(json: string): string {
  let query: Record<string, unknown>;
  try {
    query = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return '';
  }
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
  return text('traceql') ?? text('query') ?? [text('service'), text('operation')].filter(Boolean).join(' ');
}
