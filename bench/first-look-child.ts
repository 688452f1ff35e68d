import { rmSync } from 'node:fs';
import { openDatabase, openWriteConnection } from '../electron/core/db/open-database.js';
import { importFile } from '../electron/core/ingest/import-file.js';
import { WaterfallModels } from '../electron/core/queries/waterfall-model.js';
import { traceLayout, traceRowsPage, type WaterfallState } from '../electron/core/queries/waterfall-view.js';

/**
 * `first-look-child DB FILE TRACE_ID`, in a process of its own so peak RSS is this file's: imports FILE into a new
 * cache, then lays out its trace and reads the first page of rows as the waterfall's first two calls do. Prints
 * the import time and the layout + first rows time.
 */
const [dbPath, file, traceId] = process.argv.slice(2) as [string, string, string];
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
const writeDb = openWriteConnection(dbPath);
const started = performance.now();
const load = await importFile(writeDb, file);
const imported = performance.now();
const db = openDatabase(dbPath);
const state: WaterfallState = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };
const model = new WaterfallModels(db).get(traceId);
if (model === null) throw new Error(`trace ${traceId} is not in the cache after importing ${file}`);
traceLayout(db, model, state);
const rows = traceRowsPage(db, model, state, 0, 200);
const shown = performance.now();
if (rows.rows.length === 0) throw new Error('no rows');
db.close();
writeDb.close();
process.stdout.write(
  `${JSON.stringify({ spans: load.spansAdded, importS: (imported - started) / 1000, rowsMs: shown - imported, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
