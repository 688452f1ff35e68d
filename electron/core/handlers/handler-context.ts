import type { Db } from '../db/open-database.js';
import type { ImportJobs } from '../ingest/import-jobs.js';
import type { ReadThread } from '../read-thread/read-thread.js';
import type { ReceiverControl } from '../receiver/receiver-control.js';
import type { SloStore } from '../slo/slo-store.js';
import type { PullJobs } from '../sources/pull.js';
import type { SourceStore } from '../sources/source-store.js';

/** What every handler area is given: the read connection, the import queue, and how the app runs. */
export interface HandlerContext {
  db: Db;
  jobs: ImportJobs;
  databasePath: string;
  mode: 'electron' | 'web';
  /** The OTLP receiver (off until switched on); it writes through the write connection. */
  receiver: ReceiverControl;
  /** Live-source configs (sources.json) and their secret store. */
  sources: SourceStore;
  /** Pulls from live sources through the cache, as jobs. */
  pulls: PullJobs;
  /** SLO definitions, written through the write queue. */
  slos: SloStore;
  /** Runs the slow reads beside this thread, over the same database (read-thread.ts). */
  reads: ReadThread;
  /**
   * Lays big traces out beside both (first looks, and the waterfall's calls about them): their own thread, so rows
   * never wait behind a slow read, and the laid-out models stay there while a waterfall is open.
   */
  traceReads: ReadThread;
}
