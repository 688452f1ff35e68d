import { dependencyQuery, logQuery, traceQuery, type DependencyQuery, type LogQuery, type TraceQuery } from '../../shared/source-pulls.js';
import type { z } from 'zod';
import { UsageError, type CommandContext } from './commands.js';
import { list, single } from './source-flags.js';

/**
 * The question of `casefile pull`, from its flags: a trace search (service, operation, --tag, --min/--max-duration,
 * --traceql), with --logs a log search (--query in the backend's language, --trace, --service), or with
 * --dependencies the backend's service dependencies over the window. A flag that belongs to another kind of pull is
 * refused rather than silently ignored.
 */
type Options = CommandContext['options'];

const TRACE_ONLY = ['operation', 'tag', 'min-duration', 'max-duration', 'traceql'];
const LOG_ONLY = ['query'];
/** Dependencies cover every service of the window, whole: nothing narrows them but the window. */
const NOT_FOR_DEPENDENCIES = ['logs', 'trace', 'service', 'limit', ...TRACE_ONLY, ...LOG_ONLY];
const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function traceQueryFromFlags(o: Options): TraceQuery {
  refuse(o, LOG_ONLY, 'is for log pulls: add --logs (for TraceQL use --traceql)');
  const tags = list(o.tag).map(tag);
  return validate(traceQuery, {
    service: single(o.service, 'service'),
    operation: single(o.operation, 'operation'),
    tags: tags.length === 0 ? undefined : Object.fromEntries(tags),
    minDurationMs: durationMs(o['min-duration'], 'min-duration'),
    maxDurationMs: durationMs(o['max-duration'], 'max-duration'),
    traceql: single(o.traceql, 'traceql'),
    limit: limit(o.limit),
    ...windowFromFlags(o),
  });
}

export function logQueryFromFlags(o: Options): LogQuery {
  refuse(o, TRACE_ONLY, 'is for trace pulls, not --logs');
  return validate(logQuery, {
    query: single(o.query, 'query'),
    traceId: single(o.trace, 'trace'),
    service: single(o.service, 'service'),
    limit: limit(o.limit),
    ...windowFromFlags(o),
  });
}

export function dependencyQueryFromFlags(o: Options): DependencyQuery {
  refuse(o, NOT_FOR_DEPENDENCIES, 'is not for --dependencies, which pulls every service\'s calls in the window (--since or --start/--end)');
  return validate(dependencyQuery, windowFromFlags(o));
}

function refuse(o: Options, flags: string[], why: string): void {
  const given = flags.find((flag) => o[flag] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} ${why}`);
}

/** The query schemas check ranges too; their field names are turned back into the flags that set them. */
const FLAG_OF_FIELD: Record<string, string> = {
  tags: '--tag',
  minDurationMs: '--min-duration',
  maxDurationMs: '--max-duration',
  traceql: '--traceql',
  query: '--query',
  traceId: '--trace',
  lookbackMs: '--since',
  startNs: '--start',
  endNs: '--end',
};

function validate<S extends z.ZodType>(schema: S, input: z.input<S>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new UsageError(`pull: ${FLAG_OF_FIELD[field] ?? `--${field}`}: ${issue?.message ?? 'invalid'}`);
}

/** `--tag key=value`: the value may itself hold "=" (only the first one splits). */
function tag(value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`--tag must look like key=value, e.g. http.status_code=500, got "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

/** `400ms`, `1.5s`, `250us`, `2m`; a bare number is milliseconds (as --min-duration always took). */
export function durationMs(value: Options[string], flag: string): number | undefined {
  const raw = single(value, flag);
  if (raw === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(raw.trim());
  const ms = match === null ? NaN : Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']!;
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`--${flag} must be a duration like 400ms, 1.5s or 250us (a bare number is ms), got "${raw}"`);
  return ms;
}

function limit(value: Options[string]): number | undefined {
  const raw = single(value, 'limit');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, got "${raw}"`);
  return n;
}

/** --since 15m|1h|2d, or --start/--end ISO times; neither means the last hour. */
function windowFromFlags(o: Options): { lookbackMs?: number; startNs?: string; endNs?: string } {
  const since = single(o.since, 'since');
  const start = single(o.start, 'start');
  const end = single(o.end, 'end');
  if (since !== undefined) {
    if (start !== undefined || end !== undefined) throw new UsageError('give --since or --start/--end, not both');
    const match = /^(\d+)(s|m|h|d)$/.exec(since);
    if (match === null) throw new UsageError(`--since must look like 30m, 1h or 2d, got "${since}"`);
    return { lookbackMs: Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'] };
  }
  if (start === undefined && end === undefined) return {};
  if (start === undefined || end === undefined) throw new UsageError('--start and --end go together');
  return { startNs: isoToNs(start, 'start'), endNs: isoToNs(end, 'end') };
}

function isoToNs(value: string, flag: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} must be an ISO 8601 time, got "${value}"`);
  return (BigInt(ms) * 1_000_000n).toString();
}
