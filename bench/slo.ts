import { join } from 'node:path';
import { openDatabase, openWriteConnection } from '../electron/core/db/open-database.js';
import { WriteQueue } from '../electron/core/db/write-queue.js';
import { sloStatuses } from '../electron/core/queries/slo-status.js';
import { SloStore } from '../electron/core/slo/slo-store.js';
import type { SloDefinition } from '../shared/slo/types.js';
import { BENCH_DIR } from './bench-data.js';
import { overviewCache } from './overview.js';

/**
 * `npm run bench -- slo [--spans N]`: 20 SLOs over the overview benchmark's cache (N spans, default 10M): the time to
 * save them (each fills its minutes from the cached spans, once) and the time of every SLO's status, which reads
 * only the minutes the writer keeps up to date.
 */
export async function benchSlo(spans: number): Promise<void> {
  const path = await overviewCache(spans);
  const writeDb = openWriteConnection(path);
  const db = openDatabase(path, { readonly: true });
  const store = new SloStore(db, writeDb, new WriteQueue());
  const services = (db.prepare('SELECT DISTINCT service FROM service_minutes ORDER BY service').pluck().all() as string[]).slice(0, 10);
  const slos: SloDefinition[] = services.flatMap((service, i) => [
    { name: `bench-${i}-latency`, service, objective: { kind: 'latency', thresholdMs: 250, target: 0.99 }, periodDays: 28 },
    { name: `bench-${i}-availability`, service, objective: { kind: 'availability', target: 0.999, bad: 'error' }, periodDays: 28 },
  ]);
  while (slos.length < 20) slos.push({ ...slos[slos.length % Math.max(1, services.length * 2)]!, name: `bench-extra-${slos.length}` });
  let started = performance.now();
  for (const slo of slos) await store.save(slo);
  const saveMs = performance.now() - started;
  const statusMs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const fresh = openDatabase(path, { readonly: true });
    started = performance.now();
    const statuses = sloStatuses(fresh, store.list(), {});
    statusMs.push(performance.now() - started);
    fresh.close();
    if (statuses.length !== slos.length) throw new Error(`expected ${slos.length} statuses, got ${statuses.length}`);
  }
  for (const slo of slos) await store.remove(slo.name);
  writeDb.close();
  db.close();
  statusMs.sort((a, b) => a - b);
  process.stdout.write(`slo: 20 SLOs over ${spans.toLocaleString('en-US')} cached spans (${join(BENCH_DIR, '')})\n`);
  process.stdout.write(`  ${'save 20 SLOs (fill from spans)'.padEnd(36)} ${`${(saveMs / 1000).toFixed(1)} s`.padStart(12)}   once per SLO\n`);
  process.stdout.write(`  ${'status of all 20 (median of 5)'.padEnd(36)} ${`${statusMs[2]!.toFixed(1)} ms`.padStart(12)}   ≤ 500 ms\n`);
}
