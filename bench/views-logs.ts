import { openDatabase, type Db } from '../electron/core/db/open-database.js';
import { correlatedLogs } from '../electron/core/queries/correlated-logs.js';
import { logHistogram } from '../electron/core/queries/log-histogram.js';
import { COMMON_TERM, RARE_TERM, logsCache, type LogsCacheInfo } from './views-logs-data.js';

const MINUTE = 60_000_000_000n;
const PAGE = 200;

interface Case {
  name: string;
  target: string;
  /** Runs the query for iteration i (varying the subject) and returns how many rows it produced. */
  run: (i: number) => number;
}

function cases(db: Db, info: LogsCacheInfo): Case[] {
  const traces = info.sampledTraces;
  const trace = (i: number) => traces[(i * 7919) % traces.length]!;
  // A mid-sized service (rank 10 of 100) and a 5-minute window in the middle of the six hours.
  const service = info.services[10]!;
  const smallService = info.services[90]!;
  const mid = (info.startNs + info.endNs) / 2n;
  const window = (i: number) => ({ startNs: (mid + BigInt(i % 20) * MINUTE).toString(), endNs: (mid + BigInt(i % 20) * MINUTE + 5n * MINUTE).toString() });
  return [
    { name: "a trace's logs", target: '≤ 10 ms', run: (i) => correlatedLogs(db, { traceId: trace(i).traceId, limit: PAGE }).logs.length },
    {
      name: "a span's logs",
      target: '',
      run: (i) => correlatedLogs(db, { traceId: trace(i).traceId, spanId: trace(i).spanIds[1]!, limit: PAGE }).logs.length,
    },
    { name: 'service + 5 min window, first page', target: '', run: (i) => correlatedLogs(db, { service, ...window(i), limit: PAGE }).logs.length },
    {
      name: 'service + 5 min window, pages 1 + 2',
      target: '',
      run: (i) => {
        // The first page (also timed: it is part of scrolling) gives the cursor.
        const first = correlatedLogs(db, { service, ...window(i), limit: PAGE });
        return first.next === null ? 0 : correlatedLogs(db, { service, ...window(i), limit: PAGE, after: first.next }).logs.length;
      },
    },
    { name: 'service, errors only', target: '', run: () => correlatedLogs(db, { service, minSeverity: 17, limit: PAGE }).logs.length },
    { name: `text "${COMMON_TERM}" (common), first page`, target: '≤ 50 ms', run: () => correlatedLogs(db, { text: COMMON_TERM, limit: PAGE }).logs.length },
    { name: `text "${RARE_TERM}" (rare), first page`, target: '≤ 50 ms', run: () => correlatedLogs(db, { text: RARE_TERM, limit: PAGE }).logs.length },
    {
      name: `text "${COMMON_TERM}" in a small service`,
      target: '',
      run: () => correlatedLogs(db, { text: COMMON_TERM, service: smallService, limit: PAGE }).logs.length,
    },
    { name: 'histogram, service + 1 h window', target: '', run: (i) => logHistogram(db, { service, startNs: window(i).startNs, endNs: (BigInt(window(i).startNs) + 60n * MINUTE).toString() }, 120).total },
    { name: 'histogram, service, all time', target: '', run: () => logHistogram(db, { service }, 120).total },
    { name: "histogram, a trace's logs", target: '', run: (i) => logHistogram(db, { traceId: trace(i).traceId }, 120).total },
    { name: `histogram, text "${RARE_TERM}"`, target: '', run: () => logHistogram(db, { text: RARE_TERM }, 120).total },
    { name: `histogram, text "${COMMON_TERM}" (capped)`, target: '', run: () => logHistogram(db, { text: COMMON_TERM }, 120).total },
  ];
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * `npm run bench -- views-logs [--logs N]`: the logs view's queries over a cache of N (default 10M) logs, each run
 * repeatedly on a warm connection (the view's steady state); p50/p95 printed beside the targets, never asserted.
 */
export function benchViewsLogs(count: number, runs = 40): void {
  const info = logsCache(count);
  const db = openDatabase(info.path);
  process.stdout.write(`views-logs: ${info.logs.toLocaleString('en-US')} logs, ${info.services.length} services, ${runs} runs each (after 2 warm-up runs)\n`);
  for (const c of cases(db, info)) {
    for (let i = 0; i < 2; i++) c.run(i);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      rows += c.run(i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
    process.stdout.write(
      `  ${c.name.padEnd(40)} p50 ${ms(percentile(times, 0.5)).padStart(10)}  p95 ${ms(percentile(times, 0.95)).padStart(10)}  rows/run ${String(Math.round(rows / runs)).padStart(6)}   ${c.target}\n`,
    );
  }
  db.close();
}
