import type { LoadKind, LoadRecord } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { THIS_PROCESS } from '../db/process-owner.js';

/** A running load names this process, so a later open can tell it was interrupted if the process dies (process-owner.ts). */
export function startLoad(db: Db, load: { kind: LoadKind; target: string; sourceId?: number | null }): number {
  const result = db
    .prepare(
      `INSERT INTO loads (source_id, kind, target, started_at, status, owner_host, owner_pid, owner_start)
       VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    )
    .run(load.sourceId ?? null, load.kind, load.target, Date.now(), THIS_PROCESS.host, THIS_PROCESS.pid, THIS_PROCESS.start);
  return Number(result.lastInsertRowid);
}

export interface LoadOutcome {
  status: 'done' | 'failed';
  format: string | null;
  bytes: number;
  spansSeen: number;
  spansAdded: number;
  logsSeen: number;
  logsAdded: number;
  error: string | null;
}

export function finishLoad(db: Db, id: number, outcome: LoadOutcome): void {
  db.prepare(
    `UPDATE loads SET finished_at = @finishedAt, status = @status, format = @format, bytes = @bytes,
       spans_seen = @spansSeen, spans_added = @spansAdded, logs_seen = @logsSeen, logs_added = @logsAdded,
       error = @error WHERE id = @id`,
  ).run({ ...outcome, id, finishedAt: Date.now() });
}

/**
 * Deletes a failed ledger entry. A failed import or pull commits nothing, so nothing in the cache points at it; a
 * load that brought data stays in the ledger for good, as the record of where the data came from.
 */
export function dismissFailedLoad(db: Db, id: number): 'dismissed' | 'missing' | 'not-failed' {
  const status = db.prepare('SELECT status FROM loads WHERE id = ?').pluck().get(id) as string | undefined;
  if (status === undefined) return 'missing';
  if (status !== 'failed') return 'not-failed';
  db.prepare("DELETE FROM loads WHERE id = ? AND status = 'failed'").run(id);
  return 'dismissed';
}

/** A ledger row with what it brought besides spans and logs (a dependencies pull brings only edges). */
const LOAD_COLUMNS =
  'l.*, (SELECT count(*) FROM dependency_edges e WHERE e.load_id = l.id) AS dependency_edges, (SELECT count(*) FROM aggregate_series a WHERE a.load_id = l.id) AS aggregate_series';

export function listLoads(db: Db, limit: number): LoadRecord[] {
  const rows = db.prepare(`SELECT ${LOAD_COLUMNS} FROM loads l ORDER BY l.id DESC LIMIT ?`).all(limit) as Record<string, unknown>[];
  return rows.map(toLoadRecord);
}

export function getLoad(db: Db, id: number): LoadRecord | null {
  const row = db.prepare(`SELECT ${LOAD_COLUMNS} FROM loads l WHERE l.id = ?`).get(id) as Record<string, unknown> | undefined;
  return row === undefined ? null : toLoadRecord(row);
}

function toLoadRecord(row: Record<string, unknown>): LoadRecord {
  return {
    id: row.id as number,
    kind: row.kind as LoadKind,
    target: row.target as string,
    format: row.format as string | null,
    startedAt: row.started_at as number,
    finishedAt: row.finished_at as number | null,
    bytes: row.bytes as number,
    spansSeen: row.spans_seen as number,
    spansAdded: row.spans_added as number,
    logsSeen: row.logs_seen as number,
    logsAdded: row.logs_added as number,
    dependencyEdges: row.dependency_edges as number,
    aggregateSeries: row.aggregate_series as number,
    // Marked by interrupted-loads.ts; a Casefile from before migration 10 that finishes the load after all sets 'done'.
    status: row.status === 'failed' && row.interrupted_at !== null ? 'interrupted' : (row.status as LoadRecord['status']),
    error: row.error as string | null,
    interruptedAt: row.interrupted_at as number | null,
  };
}
