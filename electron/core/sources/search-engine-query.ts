import { canonicalId, IdError } from '../../../shared/ids.js';
import type { ExactJson } from '../../../shared/formats/exact-json.js';
import { isObject } from '../../../shared/formats/values.js';
import type { LogQuery } from '../../../shared/source-pulls.js';
import type { SourceConfigOf } from '../../../shared/sources.js';
import type { TimeWindow } from './connector.js';
import { rfc3339 } from './query-units.js';

type Fields = SourceConfigOf<'elasticsearch'>['options']['fields'];

/** The names the parser also reads (shared/formats/elasticsearch.ts), so a filter finds what the parser would show. */
const TRACE_ID_FIELDS = ['trace.id', 'trace_id', 'traceId'];
const SERVICE_FIELDS = ['service.name', 'resource.attributes.service.name', 'serviceName'];

/**
 * The `_search` body of one page: a bool query (time range on the timestamp field with nanosecond bounds, a term on
 * the trace id and service — over the configured field and the common alternatives, since a term on an unmapped
 * field simply matches nothing — and the user's query_string), newest first with `_doc` as the tiebreaker that
 * makes `search_after` exact, and the previous page's sort values.
 */
export function searchBody(query: LogQuery, window: TimeWindow, fields: Fields, size: number, after: ExactJson[] | null): Record<string, unknown> | Error {
  const filter: unknown[] = [
    { range: { [fields.timestamp]: { gte: rfc3339(window.startNs), lte: rfc3339(window.endNs), format: 'strict_date_optional_time_nanos' } } },
  ];
  if (query.traceId !== undefined) {
    let id: string | null;
    try {
      id = canonicalId(query.traceId, 'trace');
    } catch (error) {
      if (error instanceof IdError) return new Error(`trace id: ${error.message}`);
      throw error;
    }
    if (id === null) return new Error('trace id is empty or all zeros');
    // A 64-bit id may be stored in its 16-character form.
    const forms = id.startsWith('0000000000000000') ? [id, id.slice(16)] : [id];
    filter.push(anyTerm(unique([fields.traceId, ...TRACE_ID_FIELDS]), forms));
  }
  if (query.service !== undefined) filter.push(anyTerm(unique([fields.service, ...SERVICE_FIELDS]), [query.service]));
  const bool: Record<string, unknown> = { filter };
  if (query.query !== undefined) bool.must = [{ query_string: { query: query.query } }];
  return {
    size,
    track_total_hits: false,
    query: { bool },
    sort: [{ [fields.timestamp]: { order: 'desc', unmapped_type: 'date' } }, { _doc: { order: 'desc' } }],
    ...(after === null ? {} : { search_after: after }),
  };
}

function anyTerm(names: string[], values: string[]): unknown {
  const should = names.flatMap((name) => values.map((value) => ({ term: { [name]: value } })));
  return { bool: { should, minimum_should_match: 1 } };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** `{error: {type, reason, root_cause: [{type, reason}]}, status}` → "type: reason (root type: root reason)". */
export function engineError(body: unknown): { type: string; text: string } | null {
  if (!isObject(body) || !isObject(body.error)) return null;
  const error = body.error;
  const type = String(error.type ?? 'error');
  const root = Array.isArray(error.root_cause) && isObject(error.root_cause[0]) ? error.root_cause[0] : null;
  const rootText = root !== null && root.reason !== error.reason ? ` (${String(root.type)}: ${String(root.reason)})` : '';
  return { type, text: `${type}: ${String(error.reason ?? '')}${rootText}` };
}
