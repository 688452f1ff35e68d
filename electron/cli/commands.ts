import type { Core } from '../core/core.js';
import { duration, isoTime, printJson, printTable } from './output.js';

export interface CommandContext {
  core: Core;
  args: string[];
  /** parseArgs' values: repeatable flags (--tag, --field, …) are arrays. */
  options: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
}

export class UsageError extends Error {}

function positiveInt(value: CommandContext['options'][string], name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number, got "${String(value)}"`);
  return n;
}

function text(value: CommandContext['options'][string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export async function services({ core, json }: CommandContext): Promise<void> {
  const list = await core.handlers.listServices({});
  if (json) return printJson(list);
  printTable(
    ['SERVICE', 'SPANS', 'ERRORS', 'TRACES', 'LOGS'],
    list.map((s) => [s.name, s.spanCount, s.errorCount, s.traceCount, s.logCount]),
  );
}

export async function traces({ core, options, json }: CommandContext): Promise<void> {
  const list = await core.handlers.searchTraces({
    service: text(options.service),
    operation: text(options.operation),
    limit: positiveInt(options.limit, 'limit', 20),
    errorsOnly: options.errors === true,
  });
  if (json) return printJson(list);
  printTable(
    ['TRACE ID', 'START (UTC)', 'DURATION', 'SPANS', 'ERRORS', 'ROOT'],
    list.map((t) => [t.traceId, isoTime(t.startNs), duration(t.durationNs), t.spanCount, t.errorCount, `${t.rootService ?? '?'}: ${t.rootName ?? '?'}`]),
  );
}

export async function trace({ core, args, json }: CommandContext): Promise<void> {
  const id = args[0];
  if (id === undefined) throw new UsageError('trace needs a trace id: casefile trace ID');
  const detail = await core.handlers.getTrace({ traceId: id, maxSpans: 1_000_000 });
  if (json) return printJson(detail);
  const depth = new Map<string, number>();
  const start = BigInt(detail.spans[0]?.startNs ?? '0');
  printTable(
    ['OFFSET', 'DURATION', 'SERVICE', 'SPAN', 'STATUS'],
    detail.spans.map((span) => {
      const d = span.parentSpanId === null ? 0 : (depth.get(span.parentSpanId) ?? -1) + 1;
      depth.set(span.spanId, d);
      return [
        duration(Number(BigInt(span.startNs) - start)),
        duration(Number(BigInt(span.endNs) - BigInt(span.startNs))),
        span.service,
        `${'  '.repeat(Math.max(0, d))}${span.name} (${span.spanId})`,
        span.statusCode === 'error' ? `ERROR ${span.statusMessage}` : '',
      ];
    }),
  );
}

export async function logs({ core, options, json }: CommandContext): Promise<void> {
  const page = await core.handlers.searchLogs({
    traceId: text(options.trace),
    spanId: text(options.span),
    service: text(options.service),
    text: text(options.search),
    limit: positiveInt(options.limit, 'limit', 100),
  });
  if (json) return printJson(page);
  for (const log of page.logs) {
    const ids = log.traceId === null ? '' : ` trace=${log.traceId}${log.spanId === null ? '' : ` span=${log.spanId}`}`;
    process.stdout.write(`${isoTime(log.timeNs)} ${(log.severityText || String(log.severityNumber)).padEnd(5)} ${log.service}${ids}\n  ${log.body.replace(/\n/g, '\n  ')}\n`);
  }
  if (page.more) process.stdout.write('… more logs match; raise --limit to see them\n');
}

export async function graph({ core, json }: CommandContext): Promise<void> {
  const result = await core.handlers.serviceGraph({});
  if (json) return printJson(result);
  // CALLS and the rest count cached spans; an edge known only from a source's pulled dependencies has none of those.
  const spans = (e: (typeof result.edges)[number], text: string | number) => (e.origin === 'dependencies' ? '-' : text);
  printTable(
    ['FROM', 'TO', 'MODE', 'CALLS', 'ERRORS', 'P50', 'P95', 'P99', 'DEPENDENCIES'],
    result.edges.map((e) => [
      e.source,
      e.target,
      e.mode,
      spans(e, e.callCount),
      spans(e, e.errorCount),
      spans(e, duration(e.p50Ns)),
      spans(e, duration(e.p95Ns)),
      spans(e, duration(e.p99Ns)),
      (e.dependencies ?? []).map((d) => `${d.source}: ${d.callCount} calls`).join(', '),
    ]),
  );
}

/** `casefile loads`: the ledger, newest first; interrupted imports say so, with what to do. */
export async function loads({ core, options, json }: CommandContext): Promise<void> {
  const list = await core.handlers.listLoads({ limit: positiveInt(options.limit, 'limit', 20) });
  if (json) return printJson(list);
  printTable(
    ['ID', 'KIND', 'STARTED (UTC)', 'STATUS', 'SPANS', 'LOGS', 'TARGET'],
    list.map((l) => [l.id, l.kind, new Date(l.startedAt).toISOString(), l.status, l.spansAdded, l.logsAdded, l.target]),
  );
  for (const l of list) if (l.status === 'interrupted' || l.status === 'failed') process.stdout.write(`  ${l.id}: ${l.error ?? l.status}\n`);
}
