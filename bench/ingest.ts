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
  /** 'parse' only: user + system CPU seconds. */
  cpuSeconds?: number;
}

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

/** `extra`: the lever of 'bare-lever', the file imported first (untimed) of 'import-onto'. */
function child(mode: 'import' | 'import-onto' | 'bare' | 'bare-lever' | 'parse', file: string, extra?: string): ChildResult {
  const db = join(BENCH_DIR, `${mode.startsWith('import') ? 'import' : 'bare'}.sqlite`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, mode, db, file, ...(extra === undefined ? [] : [extra])], {
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
  // The same spans onto a cache already holding 1M others (issue 10 asks for both): other seed, other ids.
  const base = await ingestData(1_000_000, 0, 2);
  const traces = child('import', data.traces);
  const onto = child('import-onto', data.traces, base.traces);
  const logRun = child('import', data.logs);
  const bareTraces = child('bare', data.traces);
  const bareLogs = child('bare', data.logs);
  const parsed = child('parse', data.traces);
  const importSeconds = traces.seconds + logRun.seconds;
  const bareSeconds = bareTraces.seconds + bareLogs.seconds;
  const rows: [string, string, string][] = [
    ['spans/s', rate(traces.spans, traces.seconds), '≥ 150,000'],
    ['spans/s (1M spans cached)', rate(onto.spans, onto.seconds), '≥ 150,000'],
    ['logs/s', rate(logRun.logs, logRun.seconds), '≥ 100,000'],
    ['peak RSS (spans import)', `${traces.maxRssMiB.toFixed(0)} MiB`, '< 1024 MiB'],
    ['peak RSS (logs import)', `${logRun.maxRssMiB.toFixed(0)} MiB`, '< 1024 MiB'],
    ['database size', `${mib(traces.dbBytes)} + ${mib(logRun.dbBytes)}`, ''],
    ['bare insert loop spans/s', rate(bareTraces.spans, bareTraces.seconds), ''],
    ['bare insert loop logs/s', rate(bareLogs.logs, bareLogs.seconds), ''],
    ['import time / bare loop time', `${(importSeconds / bareSeconds).toFixed(2)}×`, '≤ 1.5×'],
    // The floor under any import of these spans: parsing them (one thread) and the bare insert loop (the other).
    // Two cores at 150k spans/s have 13.3 µs of CPU per span for both, and for everything else the writer keeps.
    ['parse alone spans/s (no writes)', rate(parsed.spans, parsed.seconds), ''],
    ['CPU per span: parse + bare loop', `${(((parsed.cpuSeconds ?? 0) + bareTraces.seconds) / parsed.spans * 1e6).toFixed(1)} µs`, '≤ 13.3 µs (2 cores at 150k/s)'],
  ];
  process.stdout.write(`ingest: ${traces.spans.toLocaleString('en-US')} spans, ${logRun.logs.toLocaleString('en-US')} logs (OTLP/JSON)\n`);
  for (const [name, value, target] of rows) process.stdout.write(`  ${name.padEnd(30)} ${value.padStart(16)}   ${target}\n`);
}

/**
 * `npm run bench -- ingest-levers [--spans N]`: the bare insert loop with each schema lever of issue 10 applied alone
 * (BLOB ids, one index fewer, another identity), beside the loop on today's schema: what each lever could pay before
 * building it. Spans first, then the logs (twice as many lines as spans, the `ingest` files).
 */
export async function benchIngestLevers(spans: number): Promise<void> {
  const data = await ingestData(spans, 2 * spans);
  process.stdout.write(`ingest levers: bare insert loop, ${spans.toLocaleString('en-US')} spans (OTLP/JSON), one lever at a time\n`);
  leverRuns(data.traces, 'spans', ['blob-ids', 'no-time-index', 'no-service-time-index', 'no-identity-index', 'hash-identity', 'clustered-identity', 'page-16k']);
  process.stdout.write(`ingest levers: bare insert loop, ${(2 * spans).toLocaleString('en-US')} log lines (OTLP/JSON)\n`);
  leverRuns(data.logs, 'logs', ['logs-fingerprint-key', 'logs-no-trace-index', 'logs-no-service-index']);
}

function leverRuns(file: string, rows: 'spans' | 'logs', levers: string[]): void {
  let baseline = 0;
  // Today's schema first and again last: the spread between the two is the machine's noise.
  for (const lever of ['none', ...levers, 'none']) {
    const run = child('bare-lever', file, lever);
    const perSecond = run[rows] / run.seconds;
    if (lever === 'none' && baseline === 0) baseline = perSecond;
    const change = lever === 'none' ? `${(((perSecond - baseline) / baseline) * 100).toFixed(0)}% (today)` : `${perSecond >= baseline ? '+' : ''}${(((perSecond - baseline) / baseline) * 100).toFixed(0)}%`;
    process.stdout.write(`  ${lever.padEnd(24)} ${`${rate(run[rows], run.seconds)} ${rows}/s`.padStart(18)}   ${change.padStart(6)}   db ${mib(run.dbBytes)}\n`);
  }
}
