import type { AnalysisWindow } from '../../../shared/analysis/types.js';
import { SPAN_KINDS, STATUS_CODES, type Attributes, type LogRecord, type Span } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { attributes, int, json, ns } from './rows.js';

/**
 * What the root-cause ranking reads: the spans of the traces that start in the window (and in the baseline window),
 * and the warning and error logs written inside traces over the same time. Memory stays bounded: past
 * `maxSpans`, whole traces are kept one in k (the ranking works on shares, which sampling whole traces preserves),
 * resources are parsed once per distinct resource, and span events only for spans in error (they carry the
 * exception messages).
 */
export interface AnalysisRows {
  spans: Span[];
  logs: LogRecord[];
  /** Traces in the windows, and how many were read (fewer when sampled). */
  traces: number;
  tracesRead: number;
}

export const MAX_ANALYSIS_SPANS = 1_500_000;
const MAX_LOGS = 200_000;
const WARN = 13;

export function readAnalysisRows(db: Db, window: AnalysisWindow, maxSpans = MAX_ANALYSIS_SPANS): AnalysisRows {
  const ranges = [window, ...(window.baseline ? [window.baseline] : [])].map((w) => ({ start: BigInt(w.startNs), end: BigInt(w.endNs) }));
  const counts = db.prepare('SELECT count(*) AS traces, coalesce(sum(span_count), 0) AS spans FROM traces WHERE start_ns BETWEEN @start AND @end');
  let traces = 0;
  let spans = 0;
  for (const r of ranges) {
    const row = counts.get(r) as { traces: number; spans: number };
    traces += row.traces;
    spans += row.spans;
  }
  const every = Math.max(1, Math.ceil(spans / maxSpans));
  const resources = new Map<string, Attributes>();
  const resourceOf = db.prepare('SELECT attributes FROM resources WHERE hash = ?').pluck();
  const resource = (hash: string): Attributes => {
    let r = resources.get(hash);
    if (!r) resources.set(hash, (r = attributes(resourceOf.get(hash))));
    return r;
  };

  const out: Span[] = [];
  const kept = new Set<string>();
  let tracesRead = 0;
  const traceRows = db.prepare('SELECT trace_id FROM traces WHERE start_ns BETWEEN @start AND @end ORDER BY start_ns').pluck();
  const spanRows = db.prepare('SELECT * FROM spans WHERE trace_id = ?').safeIntegers(true);
  for (const r of ranges) {
    let k = 0;
    for (const traceId of traceRows.iterate(r) as IterableIterator<string>) {
      if (k++ % every !== 0) continue;
      tracesRead++;
      kept.add(traceId);
      for (const row of spanRows.iterate(traceId) as IterableIterator<Record<string, unknown>>) out.push(toAnalysisSpan(row, resource));
    }
  }

  const logs: LogRecord[] = [];
  const logRows = db
    .prepare(
      `SELECT id, time_ns, severity_number, severity_text, body, service, trace_id, span_id, resource_hash FROM logs
       WHERE time_ns BETWEEN @start AND @end AND severity_number >= ${WARN} AND trace_id IS NOT NULL LIMIT ${MAX_LOGS}`,
    )
    .safeIntegers(true);
  for (const r of ranges) {
    for (const row of logRows.iterate(r) as IterableIterator<Record<string, unknown>>) {
      if (!kept.has(row.trace_id as string)) continue;
      logs.push({
        id: int(row.id),
        timeNs: ns(row.time_ns),
        severityNumber: int(row.severity_number),
        severityText: row.severity_text as string,
        body: row.body as string,
        service: row.service as string,
        traceId: row.trace_id as string,
        spanId: row.span_id as string | null,
        attributes: {},
        resource: resource(row.resource_hash as string),
        sourceId: null,
      });
    }
  }
  return { spans: out, logs, traces, tracesRead };
}

function toAnalysisSpan(row: Record<string, unknown>, resource: (hash: string) => Attributes): Span {
  const statusCode = STATUS_CODES[int(row.status_code)] ?? 'unset';
  return {
    traceId: row.trace_id as string,
    spanId: row.span_id as string,
    parentSpanId: row.parent_id as string | null,
    service: row.service as string,
    name: row.name as string,
    kind: SPAN_KINDS[int(row.kind)] ?? 'unspecified',
    startNs: ns(row.start_ns),
    endNs: ns(row.end_ns),
    statusCode,
    statusMessage: row.status_message as string,
    attributes: attributes(row.attributes),
    resource: resource(row.resource_hash as string),
    events: statusCode === 'error' ? json(row.events, []) : [],
    links: json(row.links, []),
    scope: null,
    sourceId: null,
  };
}

/** The whole cache's time range, for "analyse everything cached". */
export function cachedRange(db: Db): { startNs: string; endNs: string } | null {
  const row = db.prepare('SELECT min(start_ns) AS lo, max(end_ns) AS hi FROM traces').safeIntegers(true).get() as { lo: bigint | null; hi: bigint | null };
  return row.lo === null || row.hi === null ? null : { startNs: row.lo.toString(), endNs: row.hi.toString() };
}
