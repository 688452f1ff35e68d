import type { ServerResponse } from 'node:http';
import { jsonWithBigInts } from '../../../../shared/formats/exact-json.js';
import { sendJson, type Handle, type Served } from './loopback.js';

/**
 * An Elasticsearch or OpenSearch node serving given documents on the real paths (FORMATS.md §7): GET / as each
 * distribution answers it, POST {index}/_search reading the body the way the engine does — size within
 * index.max_result_window, a bool query of filters (range with strict_date_optional_time_nanos bounds, term,
 * bool.should of terms), query_string (`field:value` and words, joined with AND), sort [timestamp desc, _doc desc]
 * with sort values [epoch ms — epoch ns for a date_nanos mapping, written in full as the engine's JSON writer does —,
 * doc number], search_after read as exactly as the engine's parser reads it and compared against them — and a terms
 * aggregation. Anything else is the engine's own 400 with its JSON error body.
 */
export interface FakeSearchOptions {
  distribution: 'elasticsearch' | 'opensearch';
  /** index name → documents (`_source`). */
  indices: Record<string, Record<string, unknown>[]>;
  maxResultWindow?: number;
  /** The timestamp field is mapped `date_nanos`: sort values are epoch ns (beyond 2^53), not ms. */
  dateNanos?: boolean;
  /** ES 6 / rest_total_hits_as_int: hits.total as a plain number. */
  totalAsNumber?: boolean;
  /** Answers verbatim for index patterns starting with a key (an upstream _search response). */
  verbatim?: Record<string, unknown>;
  seen?: Record<string, unknown>[];
}

function esError(res: ServerResponse, status: number, type: string, reason: string, root?: { type: string; reason: string }): void {
  const cause = root ?? { type, reason };
  sendJson(res, status, { error: { root_cause: [cause], type, reason }, status });
}

export function flatDoc(doc: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(doc)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatDoc(value as Record<string, unknown>, name, out);
    else out[name] = value;
  }
  return out;
}

/** An ISO date (any fraction) → ns; only what the fake's documents use. */
function isoNs(text: string): bigint {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`failed to parse date field [${text}]`);
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return BigInt(ms) * 1_000_000n + BigInt(fraction.slice(3, 9).padEnd(6, '0'));
}

interface Doc {
  index: string;
  id: string;
  no: number;
  source: Record<string, unknown>;
  flat: Record<string, unknown>;
}

export function fakeSearchEngine(options: FakeSearchOptions): Handle {
  const docs: Doc[] = Object.entries(options.indices).flatMap(([index, list]) => list.map((source, i) => ({ index, id: `${index}-${i}`, no: i, source, flat: flatDoc(source) })));
  return (req: Served, res) => {
    if (req.path === '/' && req.method === 'GET') {
      return sendJson(
        res,
        200,
        options.distribution === 'opensearch'
          ? { name: 'node-1', cluster_name: 'logs', version: { distribution: 'opensearch', number: '2.11.1', lucene_version: '9.7.0' }, tagline: 'The OpenSearch Project: https://opensearch.org/' }
          : { name: 'node-1', cluster_name: 'logs', version: { number: '8.13.4', build_flavor: 'default', lucene_version: '9.10.0' }, tagline: 'You Know, for Search' },
      );
    }
    const match = /^\/([^/]+)\/_search$/.exec(req.path);
    if (match === null || req.method !== 'POST') return esError(res, 404, 'no_handler_found_exception', `no handler found for uri [${req.path}] and method [${req.method}]`);
    const pattern = decodeURIComponent(match[1]!);
    const verbatim = Object.entries(options.verbatim ?? {}).find(([prefix]) => pattern.startsWith(prefix));
    if (verbatim !== undefined) return sendJson(res, 200, verbatim[1]);
    const parts = pattern.split(',');
    const indexRe = parts.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    const missing = parts.find((p, i) => !p.includes('*') && !Object.keys(options.indices).some((name) => indexRe[i]!.test(name)));
    if (missing !== undefined) return esError(res, 404, 'index_not_found_exception', `no such index [${missing}]`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return esError(res, 400, 'parse_exception', 'request body is required');
    }
    options.seen?.push(body);
    try {
      search(res, body, exactSearchAfter(req.body), docs.filter((d) => indexRe.some((re) => re.test(d.index))), options);
    } catch (error) {
      const reason = (error as Error).message;
      esError(res, 400, 'search_phase_execution_exception', 'all shards failed', { type: 'query_shard_exception', reason });
    }
  };
}

type Predicate = (doc: Doc) => boolean;

function clause(query: Record<string, unknown>): Predicate {
  const [kind, spec] = Object.entries(query)[0] ?? [];
  const s = spec as Record<string, unknown>;
  if (kind === 'match_all') return () => true;
  if (kind === 'term') {
    const [field, value] = Object.entries(s)[0]!;
    return (d) => d.flat[field] === value;
  }
  if (kind === 'range') {
    const [field, r] = Object.entries(s)[0]! as [string, Record<string, string>];
    if (r.format !== 'strict_date_optional_time_nanos') throw new Error(`failed to parse date field [${r.gte}] with format [strict_date_optional_time||epoch_millis]`);
    const gte = isoNs(r.gte!);
    const lte = isoNs(r.lte!);
    return (d) => typeof d.flat[field] === 'string' && isoNs(d.flat[field] as string) >= gte && isoNs(d.flat[field] as string) <= lte;
  }
  if (kind === 'bool') {
    const must = [...((s.filter as Record<string, unknown>[]) ?? []), ...((s.must as Record<string, unknown>[]) ?? [])].map(clause);
    const should = ((s.should as Record<string, unknown>[]) ?? []).map(clause);
    return (d) => must.every((p) => p(d)) && (should.length === 0 || should.some((p) => p(d)));
  }
  if (kind === 'query_string') return queryString(String(s.query));
  throw new Error(`unknown query [${String(kind)}]`);
}

function queryString(text: string): Predicate {
  if ((text.match(/"/g) ?? []).length % 2 === 1) throw new Error(`Failed to parse query [${text}]`);
  const parts = text.split(/\s+AND\s+/).map((part) => {
    const field = /^([\w.@]+):"?([^"]*)"?$/.exec(part);
    if (field) return (d: Doc) => String(d.flat[field[1]!] ?? '') === field[2];
    const word = part.replace(/"/g, '').toLowerCase();
    return (d: Doc) => String(d.flat.message ?? '').toLowerCase().includes(word);
  });
  return (d) => parts.every((p) => p(d));
}

/** `search_after` as Jackson reads it: integers whole (a JSON.parse of the body would round a ns value). */
function exactSearchAfter(raw: string): unknown[] | undefined {
  const list = /"search_after"\s*:\s*\[([^\]]*)\]/.exec(raw)?.[1];
  if (list === undefined) return undefined;
  return list.split(',').map((v) => (/^\s*-?\d+\s*$/.test(v) ? BigInt(v.trim()) : (JSON.parse(v) as unknown)));
}

function search(res: ServerResponse, body: Record<string, unknown>, searchAfter: unknown[] | undefined, candidates: Doc[], options: FakeSearchOptions): void {
  const size = Number(body.size ?? 10);
  const window = options.maxResultWindow ?? 10_000;
  if (size > window) {
    return esError(res, 400, 'search_phase_execution_exception', 'all shards failed', {
      type: 'illegal_argument_exception',
      reason: `Result window is too large, from + size must be less than or equal to: [${window}] but was [${size}]. See the scroll api for a more efficient way to request large data sets.`,
    });
  }
  const matches = candidates.filter(clause((body.query as Record<string, unknown>) ?? { match_all: {} }));
  if (isObject(body.aggs)) {
    const terms = (body.aggs as { services: { terms: { field: string } } }).services.terms;
    const counts = new Map<string, number>();
    for (const d of matches) if (typeof d.flat[terms.field] === 'string') counts.set(d.flat[terms.field] as string, (counts.get(d.flat[terms.field] as string) ?? 0) + 1);
    return sendJson(res, 200, { took: 1, timed_out: false, hits: { hits: [] }, aggregations: { services: { buckets: [...counts].map(([key, doc_count]) => ({ key, doc_count })) } } });
  }
  const sort = body.sort as Record<string, { order: string }>[] | undefined;
  const field = sort === undefined ? null : Object.keys(sort[0]!)[0]!;
  if (sort !== undefined && (sort.length !== 2 || Object.keys(sort[1]!)[0] !== '_doc' || sort[0]![field!]!.order !== 'desc')) throw new Error('the fake sorts by [timestamp desc, _doc desc] only');
  const timeKey = (d: Doc): bigint => (field === null ? 0n : options.dateNanos ? isoNs(String(d.flat[field])) : isoNs(String(d.flat[field])) / 1_000_000n);
  const keyed = matches.map((d) => ({ d, key: [timeKey(d), BigInt(d.no)] as [bigint, bigint] }));
  const order = (a: bigint, b: bigint) => (a === b ? 0 : a < b ? 1 : -1);
  keyed.sort((a, b) => order(a.key[0], b.key[0]) || order(a.key[1], b.key[1]));
  let page = keyed;
  if (searchAfter !== undefined) {
    if (searchAfter.length !== 2 || !searchAfter.every((v) => typeof v === 'bigint')) {
      throw new Error(`search_after has ${searchAfter.length} value(s) but sort has 2, or a value is not a whole number`);
    }
    const [t, n] = searchAfter as [bigint, bigint];
    page = keyed.filter(({ key }) => key[0] < t || (key[0] === t && key[1] < n));
  }
  const hits = page.slice(0, size).map(({ d, key }) => ({ _index: d.index, _id: d.id, _score: null, _source: d.source, ...(sort === undefined ? {} : { sort: key }) }));
  const total = body.track_total_hits === false ? {} : { total: options.totalAsNumber ? matches.length : { value: matches.length, relation: 'eq' } };
  const answer = { took: 2, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { ...total, max_score: null, hits } };
  res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' }).end(jsonWithBigInts(answer));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
