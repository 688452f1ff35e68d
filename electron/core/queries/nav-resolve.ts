import { classifyNavQuery } from '../../../shared/nav-query.js';
import type { NavCandidate, NavResolution } from '../../../shared/nav-types.js';
import type { Db } from '../db/open-database.js';
import { spanRowidsSql, type SpanIdMatch } from '../ingest/span-id-lookup.js';
import { ftsQuery } from './logs.js';
import { int, ns } from './rows.js';
import { toTraceSummary } from './trace-summary-row.js';

/** Log hits are counted up to this many: the omnibox says "1000+" rather than scanning millions of rows per keystroke. */
const LOG_COUNT_CAP = 1000;
/** Id-prefix matches shown per kind: a 4-character prefix can match thousands of ids. */
const PREFIX_MATCHES = 5;

/**
 * What an omnibox entry can lead to, best first. Every lookup is an index probe or a small summary (traces by id, spans
 * by the span-id lookup of span-id-lookup.ts, services by a skip-scan of trace_services, operations from their
 * one-row-per-name summary, logs by FTS with a capped count), so this runs on every keystroke.
 */
export function resolveQuery(db: Db, text: string, limit: number): NavResolution {
  const query = classifyNavQuery(text);
  const exact: NavCandidate[] = [];
  const prefixed: NavCandidate[] = [];

  if (query.traceId !== null) {
    const row = db.prepare('SELECT * FROM traces WHERE trace_id = ?').safeIntegers(true).get(query.traceId) as Record<string, unknown> | undefined;
    if (row !== undefined) exact.push({ kind: 'trace', match: 'exact', ...toTraceSummary(row) });
  }
  if (query.spanId !== null) {
    for (const span of spansWhere(db, { where: { id: query.spanId }, limit: PREFIX_MATCHES })) exact.push({ ...span, match: 'exact' });
  }

  const services = servicesMatching(db, query.servicePrefix);
  for (const service of services.filter((s) => s.match === 'exact')) exact.push(service);
  const operations = query.logText === null ? [] : operationsMatching(db, query.text);
  for (const operation of operations.filter((o) => o.match === 'exact')) exact.push(operation);

  if (query.hexPrefix !== null) {
    const range = { from: query.hexPrefix, to: `${query.hexPrefix}g` };
    const traces = db
      .prepare('SELECT * FROM traces WHERE trace_id >= @from AND trace_id < @to ORDER BY trace_id LIMIT @limit')
      .safeIntegers(true)
      .all({ ...range, limit: PREFIX_MATCHES }) as Record<string, unknown>[];
    for (const row of traces) {
      if (row.trace_id !== query.traceId) prefixed.push({ kind: 'trace', match: 'prefix', ...toTraceSummary(row) });
    }
    for (const span of spansWhere(db, { where: range, limit: PREFIX_MATCHES })) {
      if (span.spanId !== query.spanId) prefixed.push({ ...span, match: 'prefix' });
    }
  }
  for (const service of services.filter((s) => s.match === 'prefix')) prefixed.push(service);
  for (const operation of operations.filter((o) => o.match === 'contains')) prefixed.push(operation);

  const candidates = [...exact, ...prefixed].slice(0, Math.max(0, limit - 1));
  const logs = query.logText === null ? null : logCandidate(db, query.logText);
  // No hits is only worth saying when nothing else matched either: then it is the answer.
  if (logs !== null && (logs.kind !== 'logs' || logs.count > 0 || candidates.length === 0)) candidates.push(logs);
  return { text: query.text, candidates: candidates.slice(0, limit) };
}

type SpanCandidate = Extract<NavCandidate, { kind: 'span' }>;

function spansWhere(db: Db, match: SpanIdMatch): Omit<SpanCandidate, 'match'>[] {
  const rowids = spanRowidsSql(match);
  const rows = db
    .prepare(`SELECT trace_id, span_id, service, name, start_ns FROM spans WHERE rowid IN (${rowids.sql}) ORDER BY span_id, start_ns LIMIT @limit`)
    .safeIntegers(true)
    .all(rowids.params) as Record<string, unknown>[];
  return rows.map((row) => ({
    kind: 'span',
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
    service: row.service as string,
    name: row.name as string,
    startNs: ns(row.start_ns),
  }));
}

type ServiceCandidate = Extract<NavCandidate, { kind: 'service' }>;

/** Services whose name starts with `prefix`, ignoring case; an exact name first. */
function servicesMatching(db: Db, prefix: string | null): ServiceCandidate[] {
  if (prefix === null) return [];
  // Distinct services by skipping through the (service, trace_id) key: a handful of probes, not a scan of every trace.
  const names = db
    .prepare(
      `WITH RECURSIVE s(name) AS (
         SELECT min(service) FROM trace_services
         UNION ALL SELECT (SELECT min(service) FROM trace_services WHERE service > s.name) FROM s WHERE s.name IS NOT NULL)
       SELECT name FROM s WHERE name IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  const wanted = prefix.toLowerCase();
  const count = db.prepare('SELECT count(*) FROM trace_services WHERE service = ?').pluck().safeIntegers(true);
  return names
    .filter((name) => name.toLowerCase().startsWith(wanted))
    .map((name): ServiceCandidate => ({
      kind: 'service',
      match: name.toLowerCase() === wanted ? 'exact' : 'prefix',
      service: name,
      traceCount: int(count.get(name)),
    }))
    .sort((a, b) => (a.match === b.match ? a.service.localeCompare(b.service) : a.match === 'exact' ? -1 : 1));
}

type OperationCandidate = Extract<NavCandidate, { kind: 'operation' }>;

/**
 * Operations (service, span name) whose name contains the text, ignoring case: the exact name first, then names
 * starting with it, then the busiest. Reads the `operations` summary (one row per pair), never the spans.
 */
function operationsMatching(db: Db, text: string): OperationCandidate[] {
  const rows = db
    .prepare(
      `SELECT service, name, spans, errors, lower(name) = lower(@text) AS exact FROM operations
       WHERE instr(lower(name), lower(@text)) > 0
       ORDER BY exact DESC, instr(lower(name), lower(@text)) = 1 DESC, spans DESC, service, name LIMIT @limit`,
    )
    .all({ text, limit: PREFIX_MATCHES }) as { service: string; name: string; spans: number; errors: number; exact: number }[];
  return rows.map((row) => ({
    kind: 'operation',
    match: row.exact === 1 ? 'exact' : 'contains',
    service: row.service,
    name: row.name,
    spanCount: row.spans,
    errorCount: row.errors,
  }));
}

function logCandidate(db: Db, text: string): NavCandidate | null {
  const match = ftsQuery(text);
  if (match === null) return null;
  const hits = int(
    db
      .prepare('SELECT count(*) FROM (SELECT 1 FROM logs_fts WHERE logs_fts MATCH ? LIMIT ?)')
      .pluck()
      .safeIntegers(true)
      .get(match, LOG_COUNT_CAP + 1),
  );
  return { kind: 'logs', text, count: Math.min(hits, LOG_COUNT_CAP), more: hits > LOG_COUNT_CAP };
}
