import { rmSync } from 'node:fs';
import { openDatabase, openWriteConnection } from '../electron/core/db/open-database.js';
import { ImportJobs } from '../electron/core/ingest/import-jobs.js';
import { WriteQueue } from '../electron/core/db/write-queue.js';
import { FirstLookWarmer } from '../electron/core/first-looks/first-look-warmer.js';
import type { HandlerContext } from '../electron/core/handlers/handler-context.js';
import { traceHandlers } from '../electron/core/handlers/trace-handlers.js';
import { WaterfallModels } from '../electron/core/queries/waterfall-model.js';
import { traceLayout, traceRowsPage, type WaterfallState } from '../electron/core/queries/waterfall-view.js';
import { ReadThread } from '../electron/core/read-thread/read-thread.js';

/**
 * `first-look-child DB FILE TRACE_ID`, in a process of its own so peak RSS is this file's: imports FILE into a new
 * cache as the app's import jobs do, watching for the trace to arrive (the first rows the waterfall can show while the
 * import runs, checked every 10 ms), then lays out its trace and reads the first page of rows as the waterfall's first
 * two calls do. Prints the time to rows while arriving, the import time and the layout + first rows time; then the time the app takes after the import to store the
 * trace's first look (first-look-warmer.ts) and a cold open answered from it (a new connection, as after a restart).
 */
const [dbPath, file, traceId] = process.argv.slice(2) as [string, string, string];
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
const writeDb = openWriteConnection(dbPath);
const state: WaterfallState = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };
const jobs = new ImportJobs(writeDb);
const started = performance.now();
const [job] = jobs.start([file]);
let arrivingMs: number | null = null;
while (jobs.get(job!.id)!.state === 'running') {
  await new Promise((resolve) => setTimeout(resolve, 10));
  const live = jobs.get(job!.id)!.arrivingTrace;
  const arriving = arrivingMs === null && live != null ? jobs.arriving(live.traceId) : null;
  if (arriving === null) continue;
  traceLayout(arriving.db, arriving.model, state);
  if (traceRowsPage(arriving.db, arriving.model, state, 0, 200).rows.length > 0) arrivingMs = performance.now() - started;
}
await jobs.idle();
const imported = performance.now();
const finished = jobs.get(job!.id)!;
if (finished.load === null) throw new Error(`importing ${file} failed: ${finished.error}`);
const load = finished.load;
const db = openDatabase(dbPath);
const model = new WaterfallModels(db).get(traceId);
if (model === null) throw new Error(`trace ${traceId} is not in the cache after importing ${file}`);
traceLayout(db, model, state);
const rows = traceRowsPage(db, model, state, 0, 200);
const shown = performance.now();
if (rows.rows.length === 0) throw new Error('no rows');

const reads = new ReadThread(db, dbPath);
const warmer = new FirstLookWarmer(db, writeDb, new WriteQueue(), reads, { delayMs: 0 });
const warming = performance.now();
warmer.schedule();
await warmer.settled();
const warmS = (performance.now() - warming) / 1000;
warmer.close();
reads.close();
db.close();

const cold = openDatabase(dbPath);
const fromLook = cold.prepare('SELECT count(*) FROM trace_first_looks WHERE trace_id = ?').pluck().get(traceId) === 1;
const opened = performance.now();
const coldReads = new ReadThread(cold, dbPath);
const handlers = traceHandlers({ db: cold, traceReads: coldReads } as HandlerContext);
await handlers.traceLayout({ traceId, ...state });
const looked = await handlers.traceRows({ traceId, ...state, offset: 0, limit: 200, critical: false });
const lookMs = performance.now() - opened;
if (looked.rows.length === 0) throw new Error('no rows from the first look');
coldReads.close();
cold.close();
writeDb.close();
process.stdout.write(
  `${JSON.stringify({ spans: load.spansAdded, importS: (imported - started) / 1000, rowsMs: shown - imported, arrivingMs, warmS, lookMs, fromLook, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
