import { logQuery, traceQuery, type LogQueryInput, type TraceQueryInput } from '../../../../shared/source-pulls.js';
import { parseDurationMs } from '../../lib/duration-input.js';
import type { TimeRange, WorkbenchState } from '../../../../shared/view-state.js';
import { parseZoned } from '../../lib/time-range.js';
import type { FieldErrors } from './source-draft.js';

/**
 * The search forms' inputs turned into the contract's TraceQuery/LogQuery. A relative range stays a lookback (not
 * "now minus an hour" frozen at click time), because the question is the cache key: asking "the last hour" again
 * while the source is down finds the answer pulled before.
 */
export type SearchTime = { kind: 'workbench' } | { kind: 'last'; lastMs: number } | { kind: 'between'; from: string; to: string };

export interface TimeContext {
  range: TimeRange;
  timeZone: WorkbenchState['timeZone'];
}

export type QueryWindow = Pick<TraceQueryInput, 'lookbackMs' | 'startNs' | 'endNs'>;

export interface TraceSearchDraft {
  service: string;
  operation: string;
  /** logfmt, as Jaeger UI's Tags box: `http.status_code=500 error=true region="eu west"`. */
  tags: string;
  minDuration: string;
  maxDuration: string;
  traceql: string;
  limit: string;
}

export interface LogSearchDraft {
  query: string;
  traceId: string;
  service: string;
  limit: string;
}

export const EMPTY_TRACE_SEARCH: TraceSearchDraft = { service: '', operation: '', tags: '', minDuration: '', maxDuration: '', traceql: '', limit: '20' };
export const EMPTY_LOG_SEARCH: LogSearchDraft = { query: '', traceId: '', service: '', limit: '1000' };

export type Built<T> = { ok: true; query: T } | { ok: false; errors: FieldErrors };

const MAX_LOOKBACK_MS = 90 * 24 * 3600 * 1000;

/** The window of a search; errors name the time field. "All cached data" has no window: the source's default hour. */
export function windowOf(time: SearchTime, context: TimeContext): { ok: true; window: QueryWindow } | { ok: false; errors: FieldErrors } {
  if (time.kind === 'last') return { ok: true, window: { lookbackMs: time.lastMs } };
  if (time.kind === 'between') {
    const startNs = parseZoned(time.from, context.timeZone);
    const endNs = parseZoned(time.to, context.timeZone);
    const errors: FieldErrors = {};
    if (startNs === null) errors.from = 'expected a date and time like 2026-02-02 09:30';
    if (endNs === null) errors.to = 'expected a date and time like 2026-02-02 10:30';
    if (startNs !== null && endNs !== null && BigInt(startNs) >= BigInt(endNs)) errors.from = 'must be before "to"';
    return Object.keys(errors).length > 0 || startNs === null || endNs === null ? { ok: false, errors } : { ok: true, window: { startNs, endNs } };
  }
  const range = context.range;
  if (range.kind === 'all') return { ok: true, window: {} };
  if (range.kind === 'absolute') return { ok: true, window: { startNs: range.startNs, endNs: range.endNs } };
  if (range.lastMs > MAX_LOOKBACK_MS) return { ok: false, errors: { time: 'sources are asked for at most the last 90 days' } };
  return { ok: true, window: { lookbackMs: range.lastMs } };
}

export function buildTraceQuery(draft: TraceSearchDraft, window: QueryWindow): Built<TraceQueryInput> {
  const errors: FieldErrors = {};
  const tags = parseLogfmt(draft.tags);
  if (tags === null) errors.tags = 'expected key=value pairs separated by spaces (quote values with spaces)';
  const minDurationMs = parseDurationMs(draft.minDuration);
  const maxDurationMs = parseDurationMs(draft.maxDuration);
  if (minDurationMs === null) errors.minDurationMs = 'expected a duration like 250ms, 1.5s or 2m';
  if (maxDurationMs === null) errors.maxDurationMs = 'expected a duration like 250ms, 1.5s or 2m';
  const limit = parseLimit(draft.limit);
  if (limit === null) errors.limit = 'expected a whole number';
  const query: TraceQueryInput = {
    service: blankToUndefined(draft.service),
    operation: blankToUndefined(draft.operation),
    tags: tags === null || Object.keys(tags).length === 0 ? undefined : tags,
    minDurationMs: minDurationMs ?? undefined,
    maxDurationMs: maxDurationMs ?? undefined,
    traceql: blankToUndefined(draft.traceql),
    limit: limit ?? undefined,
    ...window,
  };
  return finish(traceQuery.safeParse(query), query, errors);
}

export function buildLogQuery(draft: LogSearchDraft, window: QueryWindow): Built<LogQueryInput> {
  const errors: FieldErrors = {};
  const limit = parseLimit(draft.limit);
  if (limit === null) errors.limit = 'expected a whole number';
  const query: LogQueryInput = {
    query: blankToUndefined(draft.query),
    traceId: blankToUndefined(draft.traceId),
    service: blankToUndefined(draft.service),
    limit: limit ?? undefined,
    ...window,
  };
  return finish(logQuery.safeParse(query), query, errors);
}

function finish<T>(parsed: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, query: T, errors: FieldErrors): Built<T> {
  for (const issue of parsed.error?.issues ?? []) {
    const key = issue.path.map(String).join('.') || 'query';
    // A window problem is shown at the time range, whichever end the schema named.
    const field = key === 'startNs' || key === 'endNs' || key === 'lookbackMs' ? 'time' : key;
    errors[field] ??= issue.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query: dropUndefined(query) };
}

/** Undefined fields would otherwise reach the cache key as absent anyway; dropping them keeps the request clean. */
function dropUndefined<T>(value: T): T {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)) as T;
}

function blankToUndefined(text: string): string | undefined {
  return text.trim() === '' ? undefined : text.trim();
}

function parseLimit(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** `a=1 b="two words"` → {a: '1', b: 'two words'}; "" → {}; null when it is not key=value pairs. */
export function parseLogfmt(text: string): Record<string, string> | null {
  const pairs: Record<string, string> = {};
  const pattern = /\s*([^\s=]+)=("((?:[^"\\]|\\.)*)"|[^\s"]*)\s*/y;
  let at = 0;
  const trimmed = text.trim();
  while (at < trimmed.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(trimmed);
    if (match === null) return null;
    const [, key, raw, quoted] = match;
    pairs[key!] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : raw!;
    at = pattern.lastIndex;
  }
  return pairs;
}
