import type { Db } from '../db/open-database.js';
import { RowWriter } from '../ingest/row-writer.js';
import { startLoad } from '../queries/loads.js';
import type { DecodedRequest } from './decode-request.js';

export interface StoredCounts {
  spansAdded: number;
  logsAdded: number;
}

/**
 * Writes what one receiver session accepts, one transaction per request, and keeps the session's ledger row.
 *
 * The ledger gets ONE 'receive' load per session (from switching the receiver on to switching it off), not one per
 * request: an SDK exporting 50k spans/s sends hundreds of requests a second, which would bury every import and pull
 * in the ledger. The row is created with the first request that carries data (switching the receiver on and off
 * leaves no trace), its counts are updated inside each request's own transaction (so they always match what is
 * stored, and a refused request changes nothing), and `close` marks it done. Spans and logs point at it (load_id),
 * so "what did the receiver bring" stays answerable.
 */
export class ReceiveSession {
  private loadId: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly target: string,
  ) {}

  /** Stores one decoded request in a single transaction; on any error nothing of it is kept. */
  store(request: DecodedRequest, bytes: number): StoredCounts {
    const { db } = this;
    if (request.batch === null) return { spansAdded: 0, logsAdded: 0 };
    const loadIdBefore = this.loadId;
    db.exec('BEGIN');
    try {
      this.loadId ??= startLoad(db, { kind: 'receive', target: this.target });
      const writer = new RowWriter(db, this.loadId);
      writer.write(request.batch);
      writer.flush();
      db.prepare(
        `UPDATE loads SET format = 'otlp-http', bytes = bytes + @bytes, spans_seen = spans_seen + @spansSeen,
           spans_added = spans_added + @spansAdded, logs_seen = logs_seen + @logsSeen, logs_added = logs_added + @logsAdded
         WHERE id = @id`,
      ).run({ id: this.loadId, bytes, spansSeen: request.spans, logsSeen: request.logs, ...writer.counts });
      db.exec('COMMIT');
      return { ...writer.counts };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      // A ledger row created in the rolled-back transaction is gone with it.
      this.loadId = loadIdBefore;
      throw error;
    }
  }

  /** Marks the session's ledger row finished (when the receiver is switched off or the app closes). */
  close(): void {
    if (this.loadId === null || !this.db.open) return;
    this.db.prepare(`UPDATE loads SET status = 'done', finished_at = ? WHERE id = ?`).run(Date.now(), this.loadId);
    this.loadId = null;
  }
}
