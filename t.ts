import { rmSync, existsSync } from 'node:fs';
import { openDatabase } from './electron/core/db/open-database.js';
import { generateTrace } from './bench/trace-generator.js';
import { openCore } from './electron/core/core.js';
const N = Number(process.argv[2]);
const file = `/tmp/lay-${N}.sqlite`;
let traceId = '';
if (!existsSync(file)) { const db = openDatabase(file); traceId = generateTrace(db, N, 3).traceId; db.close(); }
const core = await openCore({ databasePath: file, mode: 'web', loadDemoIfEmpty: false });
const db2 = openDatabase(file); traceId = db2.prepare('SELECT trace_id FROM traces LIMIT 1').pluck().get() as string; db2.close();
const s = performance.now();
const layout = await core.handlers.traceLayout({ traceId, collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true });
const m = performance.now();
await core.handlers.traceRows({ traceId, collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true, offset: 0, limit: 200, critical: false });
console.log(N, 'layout', (m - s).toFixed(0), 'rows', (performance.now() - m).toFixed(0));
core.close();
