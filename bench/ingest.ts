import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, ingestData } from './bench-data.js';

interface ChildResult {
  seconds: number;
  spans: number;
  logs: number;
  maxRssMiB: number;
  dbBytes: number;
}

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

function child(mode: 'import' | 'bare', file: string): ChildResult {
  const db = join(BENCH_DIR, `${mode}.sqlite`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, mode, db, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** `npm run bench -- ingest [--spans N] [--logs M]`: import throughput against a bare SQLite insert loop. */
export async function benchIngest(spans: number, logs: number): Promise<void> {
  const data = await ingestData(spans, logs);
  const traces = child('import', data.traces);
  const logRun = child('import', data.logs);
  const bareTraces = child('bare', data.traces);
  const bareLogs = child('bare', data.logs);
  const importSeconds = traces.seconds + logRun.seconds;
  const bareSeconds = bareTraces.seconds + bareLogs.seconds;
  const rows: [string, string, string][] = [
    ['spans/s', rate(traces.spans, traces.seconds), '≥ 150,000'],
    ['logs/s', rate(logRun.logs, logRun.seconds), '≥ 100,000'],
    ['peak RSS (spans import)', `${traces.maxRssMiB.toFixed(0)} MiB`, '< 1024 MiB'],
    ['peak RSS (logs import)', `${logRun.maxRssMiB.toFixed(0)} MiB`, '< 1024 MiB'],
    ['database size', `${mib(traces.dbBytes)} + ${mib(logRun.dbBytes)}`, ''],
    ['bare insert loop spans/s', rate(bareTraces.spans, bareTraces.seconds), ''],
    ['bare insert loop logs/s', rate(bareLogs.logs, bareLogs.seconds), ''],
    ['import time / bare loop time', `${(importSeconds / bareSeconds).toFixed(2)}×`, '≤ 1.5×'],
  ];
  process.stdout.write(`ingest: ${traces.spans.toLocaleString('en-US')} spans, ${logRun.logs.toLocaleString('en-US')} logs (OTLP/JSON)\n`);
  for (const [name, value, target] of rows) process.stdout.write(`  ${name.padEnd(30)} ${value.padStart(16)}   ${target}\n`);
}
