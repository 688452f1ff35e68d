import { openDatabase } from './electron/core/db/open-database.js';
const db = openDatabase('/tmp/lay-1000000.sqlite');
const traceId = db.prepare('SELECT trace_id FROM traces LIMIT 1').pluck().get() as string;
const base = db.prepare('SELECT min(start_ns) FROM spans WHERE trace_id = ?').safeIntegers(true).pluck().get(traceId);
for (const cols of ['span_id', 'span_id, parent_id', 'span_id, parent_id, kind, service, name, start_ns - @base, end_ns - @base, status_code', 'span_id, parent_id, kind, service, name, start_ns - @base, end_ns - @base, status_code, resource_hash', "span_id, parent_id, kind, service, name, start_ns - @base, end_ns - @base, status_code, resource_hash, CASE WHEN links IS NOT NULL AND instr(lower(links), 'follows_from') > 0 THEN links END", 'rowid']) {
  const st = db.prepare(`SELECT ${cols} FROM spans WHERE trace_id = @traceId`).raw(true);
  const s = performance.now(); let n = 0;
  for (const r of st.iterate(cols.includes('@base') ? { traceId, base } : { traceId })) n++;
  const a = performance.now() - s;
  const s2 = performance.now();
  const all = st.all(cols.includes('@base') ? { traceId, base } : { traceId });
  console.log(cols.slice(0, 60).padEnd(60), 'iterate', a.toFixed(0), 'all', (performance.now() - s2).toFixed(0), all.length);
}
console.log(db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name='spans'").pluck().all().join('\n'));
