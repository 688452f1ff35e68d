import type { TraceSummary } from '../../../shared/api-types.js';
import type { LogRecord } from '../../../shared/model.js';
import { logLinesKeyedByTime } from '../db/log-identity.js';
import type { Db } from '../db/open-database.js';
import { toLogRecord } from '../queries/logs.js';
import { toTraceSummary } from '../queries/trace-summary-row.js';

/** The pull half of the ledger: which pulls answered which question, and what they found. */

export interface CachedPull {
  loadId: number;
  sourceId: number;
  fetchedAt: number;
}

/** The latest successful pull of `target` from `sourceId`. */
export function findCachedPull(db: Db, target: string, sourceId: number): CachedPull | null {
  const row = db
    .prepare(
      `SELECT id, source_id, finished_at FROM loads
       WHERE kind = 'pull' AND target = ? AND source_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1`,
    )
    .get(target, sourceId) as { id: number; source_id: number; finished_at: number } | undefined;
  return row === undefined ? null : { loadId: row.id, sourceId: row.source_id, fetchedAt: row.finished_at };
}

/**
 * The latest successful pull that returned this trace (asked by id, or found by a search), from `sourceId` or from
 * any source still configured — provided the trace is still in the cache.
 */
export function findCachedTrace(db: Db, traceId: string, sourceId: number | null): CachedPull | null {
  const row = db
    .prepare(
      `SELECT l.id, l.source_id, l.finished_at FROM pull_results p JOIN loads l ON l.id = p.load_id
       WHERE p.trace_id = @traceId AND l.status = 'done' AND l.source_id IS NOT NULL
         AND (@sourceId IS NULL OR l.source_id = @sourceId)
         AND EXISTS (SELECT 1 FROM traces t WHERE t.trace_id = @traceId)
       ORDER BY l.id DESC LIMIT 1`,
    )
    .get({ traceId, sourceId }) as { id: number; source_id: number; finished_at: number } | undefined;
  return row === undefined ? null : { loadId: row.id, sourceId: row.source_id, fetchedAt: row.finished_at };
}

export interface PullRecord {
  sourceId: number | null;
  target: string;
  startedAt: number;
  status: 'done' | 'failed';
  format: string | null;
  bytes: number;
  spansSeen: number;
  spansAdded: number;
  logsSeen: number;
  logsAdded: number;
  error: string | null;
}

/** One ledger row for a finished pull (successful ones inside the pull's transaction). */
export function recordPull(db: Db, pull: PullRecord): number {
  const result = db
    .prepare(
      `INSERT INTO loads (source_id, kind, target, format, started_at, finished_at, bytes, spans_seen, spans_added,
         logs_seen, logs_added, status, error)
       VALUES (@sourceId, 'pull', @target, @format, @startedAt, @finishedAt, @bytes, @spansSeen, @spansAdded,
         @logsSeen, @logsAdded, @status, @error)`,
    )
    .run({ ...pull, finishedAt: Date.now() });
  return Number(result.lastInsertRowid);
}

/** `logLines`: each line the pull found, its fingerprint → its time (the keys of the logs' identity). */
export function recordResults(db: Db, loadId: number, traceIds: Iterable<string>, logLines: ReadonlyMap<bigint, bigint>): void {
  const trace = db.prepare('INSERT OR IGNORE INTO pull_results (load_id, trace_id) VALUES (?, ?)');
  for (const id of traceIds) trace.run(loadId, id);
  const log = db.prepare('INSERT OR IGNORE INTO pull_log_results (load_id, fingerprint, time_ns) VALUES (?, ?, ?)');
  for (const [fingerprint, timeNs] of logLines) log.run(loadId, fingerprint, timeNs);
}

/** A caveat about a cached answer (PullOutput.warn); `traceId` names the trace it is about. */
export interface PullWarning {
  message: string;
  traceId: string | null;
  /** The backend sent only part of the trace (the waterfall says so); otherwise a note on what was read. */
  partial?: boolean;
}

export function recordWarnings(db: Db, loadId: number, warnings: readonly PullWarning[]): void {
  const insert = db.prepare('INSERT INTO pull_warnings (load_id, trace_id, message, partial) VALUES (?, ?, ?, ?)');
  for (const warning of warnings) insert.run(loadId, warning.traceId, warning.message, warning.partial === true ? 1 : 0);
}

/**
 * The warnings of a pull as a person reads them, each naming its trace ("trace 4bf9…: Tempo returned only part of
 * this trace (…)"); with `traceId`, only those about that trace or the whole answer.
 */
export function pullWarnings(db: Db, loadId: number, traceId: string | null = null): string[] {
  const rows = db
    .prepare(
      `SELECT trace_id, message FROM pull_warnings WHERE load_id = @loadId AND (@traceId IS NULL OR trace_id IS NULL OR trace_id = @traceId)
       ORDER BY trace_id, rowid`,
    )
    .all({ loadId, traceId }) as { trace_id: string | null; message: string }[];
  return rows.map((r) => (r.trace_id === null ? r.message : `trace ${r.trace_id}: ${r.message}`));
}

/** Summaries of the traces a pull found, newest first, as the cache holds them now. */
export function pulledTraces(db: Db, loadId: number): TraceSummary[] {
  const rows = db
    .prepare(
      `SELECT t.* FROM pull_results p JOIN traces t ON t.trace_id = p.trace_id WHERE p.load_id = ?
       ORDER BY t.start_ns DESC`,
    )
    .safeIntegers(true)
    .all(loadId) as Record<string, unknown>[];
  return rows.map(toTraceSummary);
}

/** The logs a pull found, newest first, up to `limit`. */
export function pulledLogs(db: Db, loadId: number, limit: number): LogRecord[] {
  // A casefile saved before migration 22 (read, never migrated) names its lines by fingerprint alone, which its logs
  // table still indexes alone; since then the line's time leads the identity's index.
  const line = logLinesKeyedByTime(db) ? 'l.time_ns = p.time_ns AND l.fingerprint = p.fingerprint' : 'l.fingerprint = p.fingerprint';
  const rows = db
    .prepare(
      `SELECT l.*, r.attributes AS resource FROM pull_log_results p JOIN logs l ON ${line}
       LEFT JOIN resources r ON r.hash = l.resource_hash WHERE p.load_id = ? ORDER BY l.time_ns DESC LIMIT ?`,
    )
    .safeIntegers(true)
    .all(loadId, limit) as Record<string, unknown>[];
  return rows.map(toLogRecord);
}

export function sourceNameOf(db: Db, sourceId: number): string | null {
  const row = db.prepare('SELECT name FROM sources WHERE id = ?').get(sourceId) as { name: string } | undefined;
  return row?.name ?? null;
}
