import type { Db } from '../db/open-database.js';
import { RowWriter } from '../ingest/row-writer.js';
import { indexNewSpanIds } from '../ingest/span-id-lookup.js';
import { TraceSkeletons } from '../ingest/trace-skeletons.js';
import { startLoad } from '../queries/loads.js';
import type { DecodedRequest } from './decode-request.js';

export interface StoredCounts {
  spansAdded: number;
  logsAdded: number;
}

export interface ReceivedRequest {
  decoded: DecodedRequest;
  /** Its size on the wire, for the ledger. */
  bytes: number;
}

const NOTHING: StoredCounts = { spansAdded: 0, logsAdded: 0 };
/**
 * Spans between span-id batches. A lookup scans at most this many rows beyond the lookup table (tens of ms); a batch
 * at 50k costs about what per-request indexing cost for a few thousand spans.
 */
const SPAN_ID_BATCH = 50_000;

/**
 * Writes what one receiver session accepts and keeps the session's ledger row.
 *
 * Each request is stored atomically, in its own savepoint: all of its rows or none. Requests that are ready together
 * share one COMMIT (group commit): a commit rewrites every index page the transaction touched and, every few MB of
 * WAL, checkpoints, and with span-id and trace-id indexes (random keys) that is most of a small request's cost. An
 * exporter is answered only after the COMMIT that holds its request, so a 200 still means "in the cache".
 *
 * The ledger gets ONE 'receive' load per session (from switching the receiver on to switching it off), not one per
 * request: an SDK exporting 50k spans/s sends dozens to hundreds of requests a second, which would bury every import
 * and pull in the ledger. The row is created with the first request that carries data (switching the receiver on and
 * off leaves no trace), its counts are updated inside each request's own savepoint (so they always match what is
 * stored, and a refused request changes nothing), and `close` marks it done. Spans and logs point at it (load_id), so
 * "what did the receiver bring" stays answerable.
 *
 * New span ids reach the span-id lookup in batches of SPAN_ID_BATCH (`indexSpanIdsIfDue`), not per request: a sorted
 * batch writes each lookup page once, where per-request inserts rewrote most of them at every commit.
 */
export class ReceiveSession {
  private loadId: number | null = null;
  /** Spans stored since the last span-id batch. */
  private spansUnindexed = 0;
  /** The traces this session keeps adding to, so a request costs what it brings, not its traces' size. */
  readonly skeletons = new TraceSkeletons();
  /** The cache's spans after this session's last write (see cacheVersion): another writer's spans, and the skeletons go. */
  private version: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly target: string,
  ) {}

  /** Stores the requests in one transaction; each gets its counts, or the error that kept all of it out. */
  store(requests: ReceivedRequest[]): (StoredCounts | Error)[] {
    const { db } = this;
    if (requests.every((r) => r.decoded.batch === null)) return requests.map(() => NOTHING);
    const loadIdBefore = this.loadId;
    if (this.cacheVersion() !== this.version) this.skeletons.clear();
    db.exec('BEGIN');
    try {
      const outcomes = requests.map((request) => this.storeOne(request));
      db.exec('COMMIT');
      this.version = this.cacheVersion();
      for (const outcome of outcomes) if (!(outcome instanceof Error)) this.spansUnindexed += outcome.spansAdded;
      return outcomes;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      // A ledger row created in the rolled-back transaction is gone with it, and so are the spans the skeletons took.
      this.loadId = loadIdBefore;
      this.forgetSkeletons();
      return requests.map(() => (error instanceof Error ? error : new Error(String(error))));
    }
  }

  /**
   * Adds the spans stored since the last batch to the span-id lookup once there are SPAN_ID_BATCH of them (or any,
   * with `force`). Its own transaction: lookups scan the unindexed tail meanwhile, so a failure here loses nothing
   * and the next batch (or the next import) catches up.
   */
  indexSpanIdsIfDue(force = false): void {
    if (this.spansUnindexed === 0 || (!force && this.spansUnindexed < SPAN_ID_BATCH) || !this.db.open || this.db.inTransaction) return;
    try {
      this.db.transaction(() => indexNewSpanIds(this.db))();
      this.spansUnindexed = 0;
    } catch {
      // Left for the next batch; see above.
    }
  }

  /**
   * Spans are only ever added (never changed or deleted), each under a higher rowid: the highest tells whether any
   * writer (an import or pull on this connection, a CLI import in another process) stored spans since this session's
   * last write. Other writes (first looks, the ledger) leave the skeletons as they are.
   */
  private cacheVersion(): number {
    return this.db.prepare('SELECT coalesce(max(rowid), 0) FROM spans').pluck().get() as number;
  }

  private forgetSkeletons(): void {
    this.skeletons.clear();
    this.version = null;
  }

  /** True when enough spans wait for the span-id lookup that `indexSpanIdsIfDue` would add them. */
  get spanIdsDue(): boolean {
    return this.spansUnindexed >= SPAN_ID_BATCH;
  }

  /** Marks the session's ledger row finished (when the receiver is switched off or the app closes). */
  close(): void {
    this.indexSpanIdsIfDue(true);
    if (this.loadId === null || !this.db.open) return;
    this.db.prepare(`UPDATE loads SET status = 'done', finished_at = ? WHERE id = ?`).run(Date.now(), this.loadId);
    this.loadId = null;
  }

  private storeOne({ decoded, bytes }: ReceivedRequest): StoredCounts | Error {
    if (decoded.batch === null) return NOTHING;
    const { db } = this;
    const loadIdBefore = this.loadId;
    db.exec('SAVEPOINT receive');
    try {
      this.loadId ??= startLoad(db, { kind: 'receive', target: this.target });
      const writer = new RowWriter(db, this.loadId, 0, this.skeletons);
      writer.write(decoded.batch);
      writer.flush({ spanIds: false });
      db.prepare(
        `UPDATE loads SET format = 'otlp-http', bytes = bytes + @bytes, spans_seen = spans_seen + @spansSeen,
           spans_added = spans_added + @spansAdded, logs_seen = logs_seen + @logsSeen, logs_added = logs_added + @logsAdded
         WHERE id = @id`,
      ).run({ id: this.loadId, bytes, spansSeen: decoded.spans, logsSeen: decoded.logs, ...writer.counts });
      db.exec('RELEASE receive');
      return { ...writer.counts };
    } catch (error) {
      db.exec('ROLLBACK TO receive');
      db.exec('RELEASE receive');
      this.loadId = loadIdBefore;
      this.forgetSkeletons();
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}
