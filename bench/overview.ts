import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, openWriteConnection, type Db } from '../electron/core/db/open-database.js';
import { importFile } from '../electron/core/ingest/import-file.js';
import { cacheCounts } from '../electron/core/queries/app-info.js';
import { listServices } from '../electron/core/queries/services.js';
import { searchTraces } from '../electron/core/queries/trace-list.js';
import { edgeSummariesReady } from '../electron/core/queries/graph-summaries.js';
import { rowGraph, serviceGraph } from '../electron/core/queries/service-graph.js';
import { rebuildEdgeMinutes } from '../electron/core/ingest/edge-minutes-rebuild.js';
import { BENCH_DIR, ingestData } from './bench-data.js';

/** The services list as it was counted before service_minutes (migration 11): every row of the window. */
const ROW_COUNT_SQL = `WITH s AS (SELECT service, count(*) AS spans, sum(status_code = 2) AS errors FROM spans WHERE start_ns BETWEEN @a AND @b GROUP BY service),
  t AS (SELECT service, count(*) AS traces FROM trace_services WHERE start_ns BETWEEN @a AND @b GROUP BY service),
  g AS (SELECT service, count(*) AS logs FROM logs WHERE time_ns BETWEEN @a AND @b GROUP BY service)
  SELECT * FROM s LEFT JOIN t USING (service) LEFT JOIN g USING (service)`;

/** Asks the kernel to forget cached file pages (root only); says whether it could. */
function dropOsCache(): boolean {
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** Each figure on a fresh connection (SQLite's own page cache empty), after dropping the OS cache when allowed. */
function timed(path: string, cold: boolean, run: (db: Db) => unknown): number {
  if (cold) dropOsCache();
  const db = openDatabase(path, { readonly: true });
  const started = performance.now();
  run(db);
  const ms = performance.now() - started;
  db.close();
  return ms;
}

/** A cache of N spans and as many logs of the demo incident, built once in bench-data/ and reused. */
export async function overviewCache(spans: number): Promise<string> {
  const path = join(BENCH_DIR, `overview-${spans}.sqlite`);
  if (!existsSync(path)) {
    const data = await ingestData(spans, spans);
    const db = openWriteConnection(`${path}.part`);
    await importFile(db, data.traces);
    await importFile(db, data.logs);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    renameSync(`${path}.part`, path);
  } else {
    // Applies new migrations to a cache built before them; a cache from before the graph's summaries is summarised
    // once, as the workbench does at its first open (ingest/summarise-old-cache.ts).
    const db = openWriteConnection(path);
    if (!edgeSummariesReady(db)) {
      const started = performance.now();
      db.transaction(() => rebuildEdgeMinutes(db))();
      process.stdout.write(`overview: a cache from before the graph's summaries, summarised once in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    db.close();
  }
  return path;
}

/**
 * `npm run bench -- overview [--spans N]`: the calls a workbench makes when it opens (counts, services list, first
 * page of traces, the service graph), on a cache of N spans (default 10M) and as many logs, warm and with a cold OS file cache.
 */
export async function benchOverview(spans: number): Promise<void> {
  const path = await overviewCache(spans);
  const probe = openDatabase(path, { readonly: true });
  const counts = cacheCounts(probe);
  const bounds = probe.prepare('SELECT min(start_ns) AS a, max(start_ns) AS b FROM traces').safeIntegers(true).get() as { a: bigint; b: bigint };
  probe.close();
  // "The last 15 minutes of the data": ragged at both ends, as a relative preset is.
  const recent = { startNs: (bounds.b - 15n * 60_000_000_000n + 123_456_789n).toString(), endNs: (bounds.b + 1n).toString() };
  const canDrop = dropOsCache();
  process.stdout.write(
    `overview: ${counts.spanCount.toLocaleString('en-US')} spans, ${counts.logCount.toLocaleString('en-US')} logs, ` +
      `${counts.traceCount.toLocaleString('en-US')} traces cached; cold = ${canDrop ? 'OS file cache dropped' : 'not possible here (not root), so warm only'}\n`,
  );
  const figures: [string, (db: Db) => unknown][] = [
    ['counts (appInfo)', (db) => cacheCounts(db)],
    ['services, all cached', (db) => listServices(db, {})],
    ['services, last 15 min (ragged)', (db) => listServices(db, recent)],
    ['traces, first page of 50', (db) => searchTraces(db, { limit: 50, errorsOnly: false })],
    ['graph, all cached', (db) => serviceGraph(db, {})],
    ['graph first paint, last 15 min', (db) => serviceGraph(db, { ...recent, firstPaint: true })],
    ['graph exact, last 15 min (then)', (db) => serviceGraph(db, recent)],
    ['before: services counted from rows', (db) => db.prepare(ROW_COUNT_SQL).all({ a: 0n, b: (1n << 63n) - 1n })],
    ['before: graph counted from rows, 15 min', (db) => rowGraph(db, recent)],
  ];
  for (const [name, run] of figures) {
    timed(path, false, run); // the first run warms the OS file cache
    const warm = timed(path, false, run);
    const cold = canDrop ? `${timed(path, true, run).toFixed(0)} ms cold` : '';
    const target = name.startsWith('before') ? '' : name.endsWith('(then)') ? 'after the first paint, on the read thread' : '≤ 100 ms';
    process.stdout.write(`  ${name.padEnd(36)} ${`${warm.toFixed(1)} ms warm`.padStart(16)} ${cold.padStart(14)}   ${target}\n`);
  }
}
