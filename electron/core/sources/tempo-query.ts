import { canonicalId, IdError } from '../../../shared/ids.js';
import { isObject } from '../../../shared/formats/values.js';
import type { TraceQuery } from '../../../shared/source-pulls.js';
import type { TimeWindow } from './connector.js';
import type { Query } from './http-client.js';
import { goDuration } from './query-units.js';
import { logfmt } from './query-strings.js';

/**
 * Tempo's search parameters as its query frontend reads them (FORMATS.md §4): `q` a TraceQL query, or `tags` in
 * logfmt (`service.name="checkout" name="GET /cart" http.status_code="500"`), min/maxDuration as Go durations,
 * start/end in unix SECONDS, limit. A question mixing TraceQL with service/operation/tags is refused: Tempo would
 * ignore one of the two.
 */
export function tempoSearchParams(query: TraceQuery, window: TimeWindow): Query | string {
  const tags: [string, string][] = [
    ...(query.service === undefined ? [] : [['service.name', query.service] as [string, string]]),
    ...(query.operation === undefined ? [] : [['name', query.operation] as [string, string]]),
    ...Object.entries(query.tags ?? {}),
  ];
  if (query.traceql !== undefined && tags.length > 0) {
    return 'give either TraceQL or service/operation/tags, not both: put the conditions in the TraceQL ({ resource.service.name = "…" && name = "…" })';
  }
  const badKey = tags.find(([key]) => !/^[^\s="\\]+$/.test(key));
  if (badKey !== undefined) return `the tag name ${JSON.stringify(badKey[0])} cannot be sent to Tempo (no spaces, "=", quotes or backslashes in tag names)`;
  return {
    q: query.traceql,
    tags: tags.length === 0 ? undefined : logfmt(tags),
    minDuration: query.minDurationMs === undefined ? undefined : goDuration(query.minDurationMs),
    maxDuration: query.maxDurationMs === undefined ? undefined : goDuration(query.maxDurationMs),
    limit: query.limit,
    // Whole seconds that still cover the window: start rounded down, end rounded up.
    start: (window.startNs / 1_000_000_000n).toString(),
    end: ((window.endNs + 999_999_999n) / 1_000_000_000n).toString(),
  };
}

/**
 * The trace ids of a /api/search answer. Tempo writes them as hex with leading zeros trimmed
 * (`TraceIDToHexString`), so they are padded back to 32 characters. Null when the body is not a Tempo search
 * answer; a bad id throws IdError.
 */
export function searchTraceIds(body: unknown): string[] | null {
  if (!isObject(body)) return null;
  // gogo jsonpb leaves out an empty list: an answer with no traces is just `{"metrics": {...}}`.
  if (body.traces === undefined) return isObject(body.metrics) ? [] : null;
  if (!Array.isArray(body.traces)) return null;
  const ids: string[] = [];
  for (const trace of body.traces) {
    const raw = isObject(trace) ? trace.traceID : undefined;
    if (typeof raw !== 'string' || !/^[0-9a-fA-F]{1,32}$/.test(raw)) throw new IdError(`search result trace id ${JSON.stringify(raw)} is not hex`);
    const id = canonicalId(raw, 'trace');
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** `{tagValues: ["a", …]}` (v1) or `{tagValues: [{type, value}, …]}` (v2); null when the body is neither. */
export function tagValuesOf(body: unknown): string[] | null {
  if (!isObject(body)) return null;
  if (body.tagValues === undefined) return isObject(body.metrics) || Object.keys(body).length === 0 ? [] : null;
  if (!Array.isArray(body.tagValues)) return null;
  const values = body.tagValues.map((v) => (typeof v === 'string' ? v : isObject(v) && typeof v.value === 'string' ? v.value : null));
  return values.every((v): v is string => v !== null) ? [...new Set(values)].sort() : null;
}
