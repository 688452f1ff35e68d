import type { Core } from '../core/core.js';
import { TRACE_SORTS, type TraceSort } from '../../shared/api-types.js';
import { duration, isoTime, printJson, printTable } from './output.js';
import { widerSearch } from '../../shared/log-search.js';
import { durationMs } from './pull-flags.js';
import { resolveTraceRef } from './trace-ref.js';

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
  if (list.length === 0) process.stderr.write('casefile: the cache is empty (casefile import FILE, or casefile pull)\n');
  printTable(
    ['SERVICE', 'SPANS', 'ERRORS', 'TRACES', 'LOGS'],
    list.map((s) => [s.name, s.spanCount, s.errorCount, s.traceCount, s.logCount]),
  );
}

export async function traces({ core, options, json }: CommandContext): Promise<void> {
  const service = await knownService(core, text(options.service));
  const limit = positiveInt(options.limit, 'limit', 20);
  // One more than shown, to know whether to say that more match.
  const sort = traceSort(options.sort);
  const minMs = durationMs(options['min-duration'], 'min-duration');
  const maxMs = durationMs(options['max-duration'], 'max-duration');
  const found = await core.handlers.searchTraces({
    service,
    operation: text(options.operation),
    limit: limit + 1,
    errorsOnly: options.errors === true,
    sort,
    minDurationNs: minMs === undefined ? undefined : Math.round(minMs * 1e6),
    maxDurationNs: maxMs === undefined ? undefined : Math.round(maxMs * 1e6),
  });
  const list = found.slice(0, limit);
  if (json) return printJson(list);
  if (list.length === 0) {
    const lasting = [minMs === undefined ? '' : `≥ ${minMs} ms`, maxMs === undefined ? '' : `≤ ${maxMs} ms`].filter(Boolean).join(' and ');
    process.stderr.write(`casefile: no traces${describeFilters({ service, operation: text(options.operation), errors: options.errors === true, lasting: lasting || undefined })}\n`);
    return;
  }
  printTable(
    ['TRACE ID', 'START (UTC)', 'DURATION', 'SPANS', 'ERRORS', 'ROOT'],
    list.map((t) => [t.traceId, isoTime(t.startNs), duration(t.durationNs), t.spanCount, t.errorCount, `${t.rootService ?? '?'}: ${t.rootName ?? '?'}`]),
  );
  if (found.length > limit) process.stdout.write('… more traces match; raise --limit to see them\n');
}

function traceSort(value: CommandContext['options'][string]): TraceSort | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const sort = TRACE_SORTS.find((s) => s === raw);
  if (sort === undefined) throw new UsageError(`--sort must be one of ${TRACE_SORTS.join(', ')}, got "${raw}"`);
  return sort;
}

export async function logs({ core, options, json }: CommandContext): Promise<void> {
  const traceRef = text(options.trace);
  // A trace known by its spans may be named by a prefix; logs may also carry a trace id no span has, so an id that
  // resolves to nothing is still searched as given.
  const resolved = traceRef === undefined ? null : await resolveTraceRef(core, traceRef);
  const traceId = resolved ?? traceRef;
  const service = await knownService(core, text(options.service));
  const search = text(options.search);
  const page = await core.handlers.searchLogs({ traceId, spanId: text(options.span), service, text: search, limit: positiveInt(options.limit, 'limit', 100) });
  if (json) return printJson(page);
  if (page.logs.length === 0) {
    if (traceId !== undefined && resolved === null && (await core.handlers.searchLogs({ traceId, limit: 1 })).logs.length === 0) {
      throw new UsageError(`no trace ${traceId} in the cache: no span and no log carries it`);
    }
    const wider = search === undefined ? null : widerSearch(search);
    const hint = wider === null ? '' : ` (whole words and their forms); words starting with these: --search '${wider}'`;
    process.stderr.write(`casefile: no logs${describeFilters({ trace: traceId, span: text(options.span), service, search })}${hint}\n`);
    return;
  }
  for (const log of page.logs) {
    const ids = log.traceId === null ? '' : ` trace=${log.traceId}${log.spanId === null ? '' : ` span=${log.spanId}`}`;
    process.stdout.write(`${isoTime(log.timeNs)} ${(log.severityText || String(log.severityNumber)).padEnd(5)} ${log.service}${ids}\n  ${log.body.replace(/\n/g, '\n  ')}\n`);
  }
  if (page.more) process.stdout.write('… more logs match; raise --limit to see them\n');
}

export async function graph({ core, json }: CommandContext): Promise<void> {
  const result = await core.handlers.serviceGraph({});
  if (json) return printJson(result);
  if (result.edges.length === 0) process.stderr.write('casefile: no calls between services in the cache\n');
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

/** A service filter must name a service of the cache: a typo is a usage error listing the real ones. */
async function knownService(core: CommandContext['core'], service: string | undefined): Promise<string | undefined> {
  if (service === undefined) return undefined;
  const names = (await core.handlers.listServices({})).map((s) => s.name);
  if (names.includes(service)) return service;
  const list = names.length === 0 ? 'the cache is empty' : `services: ${names.join(', ')}`;
  throw new UsageError(`no service named ${service}; ${list}`);
}

/** " for trace T, of service S, matching "x"": what an empty answer was asked for. */
function describeFilters(f: { trace?: string; span?: string; service?: string; operation?: string; search?: string; errors?: boolean; lasting?: string }): string {
  const parts = [
    f.errors ? 'with errors' : '',
    f.trace === undefined ? '' : `for trace ${f.trace}`,
    f.span === undefined ? '' : `for span ${f.span}`,
    f.service === undefined ? '' : `of service ${f.service}`,
    f.operation === undefined ? '' : `with a span named ${f.operation}`,
    f.search === undefined ? '' : `matching "${f.search}"`,
    f.lasting === undefined ? '' : `lasting ${f.lasting}`,
  ].filter((p) => p !== '');
  return parts.length === 0 ? ' in the cache' : ` ${parts.join(', ')}`;
}
