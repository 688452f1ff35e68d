import { accuracyTable, formatTable } from '../fixtures/scenarios/accuracy.js';

/** `npm run bench -- accuracy [--seeds N]`: top-1/top-3 per fault kind and false suspects on healthy systems. */
export function benchAccuracy(seeds: number): void {
  const began = performance.now();
  const rows = accuracyTable(Array.from({ length: seeds }, (_, k) => 20_001 + k), { traces: 600 });
  console.log(`accuracy over ${seeds} seeds per fault kind (600 requests each; seeds 20001…):`);
  console.log(formatTable(rows));
  for (const row of rows) for (const miss of row.misses.slice(0, 3)) console.log(`  miss ${row.kind} seed ${miss.seed}: truth ${JSON.stringify(miss.truth)}; got ${miss.got.slice(0, 3).join(' | ') || 'nothing'}`);
  console.log(`(${((performance.now() - began) / 1000).toFixed(0)} s; the machine is shared, timings are pessimistic)`);
}
