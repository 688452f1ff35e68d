import type { CasefileInfo, CasefilePin, JournalContent } from '../../../../shared/casefile-types.js';
import type { Db } from '../../db/open-database.js';
import { casefileInfo } from '../casefile-info.js';
import { readJournal } from '../journal-rows.js';
import { reportSlos, type ReportSlo } from './report-slos.js';

export interface ReportSpan {
  spanId: string;
  parentId: string | null;
  service: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  error: boolean;
}

export interface PinnedEvidence {
  pin: CasefilePin;
  traceId: string | null;
  /** The service the pin is about: pinned, or the trace's service with most errors (the culprit). */
  culprit: string | null;
  spans: ReportSpan[];
  totalSpans: number;
  /** Calls between services in the casefile that touch the culprit: its neighbourhood in the graph. */
  edges: { from: string; to: string; calls: number; errors: number }[];
  /** Spans and errors of the culprit per minute, over the casefile's evidence. */
  perMinute: { minuteMs: number; spans: number; errors: number }[];
}

export interface ReportModel {
  info: CasefileInfo;
  journal: JournalContent;
  firstError: { timeNs: bigint; service: string; name: string; traceId: string } | null;
  versionChanges: { service: string; version: string; firstNs: bigint }[];
  pins: PinnedEvidence[];
  /** The SLOs the casefile carries, as they stood over its evidence. */
  slos: ReportSlo[];
}

const EXCERPT_SPANS = 40;

/** Everything a report shows, read from a casefile (already redacted when the report is). */
export function reportModel(db: Db, file: string): ReportModel {
  const journal = readJournal(db);
  const first = db
    .prepare('SELECT start_ns, service, name, trace_id FROM spans WHERE status_code = 2 ORDER BY start_ns LIMIT 1')
    .safeIntegers(true)
    .get() as { start_ns: bigint; service: string; name: string; trace_id: string } | undefined;
  const versions = db
    .prepare(
      `SELECT s.service, json_extract(r.attributes, '$."service.version"') AS version, min(s.start_ns) AS first_ns
       FROM spans s JOIN resources r ON r.hash = s.resource_hash
       GROUP BY s.service, version HAVING version IS NOT NULL ORDER BY s.service, first_ns`,
    )
    .safeIntegers(true)
    .all() as { service: string; version: string; first_ns: bigint }[];
  const perService = new Map<string, number>();
  for (const v of versions) perService.set(v.service, (perService.get(v.service) ?? 0) + 1);
  return {
    info: casefileInfo(db, file),
    journal,
    firstError: first === undefined ? null : { timeNs: first.start_ns, service: first.service, name: first.name, traceId: first.trace_id },
    // Only services seen at more than one version: those are the deploys inside the evidence.
    versionChanges: versions.filter((v) => (perService.get(v.service) ?? 0) > 1).map((v) => ({ service: v.service, version: String(v.version), firstNs: v.first_ns })),
    pins: journal.pins.map((pin) => pinnedEvidence(db, pin)),
    slos: reportSlos(db),
  };
}

function pinnedEvidence(db: Db, pin: CasefilePin): PinnedEvidence {
  const traceId = pin.ref.traceId ?? null;
  const spans =
    traceId === null
      ? []
      : (db
          .prepare(`SELECT span_id, parent_id, service, name, start_ns, end_ns, status_code FROM spans WHERE trace_id = ? ORDER BY start_ns LIMIT ${EXCERPT_SPANS}`)
          .safeIntegers(true)
          .all(traceId) as { span_id: string; parent_id: string | null; service: string; name: string; start_ns: bigint; end_ns: bigint; status_code: bigint }[]
        ).map((s) => ({ spanId: s.span_id, parentId: s.parent_id, service: s.service, name: s.name, startNs: s.start_ns, endNs: s.end_ns, error: s.status_code === 2n }));
  const totalSpans = traceId === null ? 0 : (db.prepare('SELECT count(*) AS n FROM spans WHERE trace_id = ?').get(traceId) as { n: number }).n;
  const culprit = pin.ref.service ?? culpritOf(db, traceId);
  return { pin, traceId, culprit, spans, totalSpans, edges: culprit === null ? [] : neighbourhood(db, culprit), perMinute: culprit === null ? [] : perMinute(db, culprit) };
}

function culpritOf(db: Db, traceId: string | null): string | null {
  if (traceId === null) return null;
  const row = db
    .prepare('SELECT service, sum(status_code = 2) AS errors, count(*) AS n FROM spans WHERE trace_id = ? GROUP BY service ORDER BY errors DESC, n DESC LIMIT 1')
    .get(traceId) as { service: string } | undefined;
  return row?.service ?? null;
}

/**
 * Parent→child service calls (spans whose parent is on another service) that touch `service`. CROSS JOIN keeps the
 * child as the outer loop so each parent is found by its key (spans_identity); driven from the parent's service
 * instead, SQLite looks children up by parent_id, which has no index: quadratic on a 100k-span trace.
 */
function neighbourhood(db: Db, service: string): PinnedEvidence['edges'] {
  return db
    .prepare(
      `SELECT p.service AS "from", c.service AS "to", count(*) AS calls, sum(c.status_code = 2) AS errors
       FROM spans c CROSS JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_id
       WHERE p.service <> c.service AND (p.service = @s OR c.service = @s)
       GROUP BY p.service, c.service ORDER BY calls DESC LIMIT 12`,
    )
    .all({ s: service }) as PinnedEvidence['edges'];
}

function perMinute(db: Db, service: string): PinnedEvidence['perMinute'] {
  return (
    db
      .prepare(
        `SELECT start_ns / 60000000000 AS minute, count(*) AS spans, sum(status_code = 2) AS errors
         FROM spans WHERE service = ? GROUP BY minute ORDER BY minute`,
      )
      .safeIntegers(true)
      .all(service) as { minute: bigint; spans: bigint; errors: bigint }[]
  ).map((r) => ({ minuteMs: Number(r.minute) * 60_000, spans: Number(r.spans), errors: Number(r.errors) }));
}
