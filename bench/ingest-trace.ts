import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJaegerTraceFile } from '../test/jaeger-trace-file.js';
import { BENCH_DIR } from './bench-data.js';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

/**
 * `npm run bench -- ingest-trace [--spans N]`: one Jaeger trace of N spans in one file (default 2M, ~1 GB), with its
 * processes after the spans as Jaeger writes them, imported by the real importer in a process of its own: throughput
 * and peak RSS (issue 10: ≤ 400 MB for a 1 GB file of one 2M-span trace).
 */
export function benchIngestTrace(spans: number): void {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `jaeger-trace-${spans}.json`);
  if (!existsSync(file)) writeJaegerTraceFile(file, spans);
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, 'import', join(BENCH_DIR, 'ingest-trace.sqlite'), file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const result = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; spans: number; maxRssMiB: number };
  const mb = statSync(file).size / 1e6;
  process.stdout.write(`ingest-trace: one Jaeger trace of ${result.spans.toLocaleString('en-US')} spans, ${mb.toFixed(0)} MB\n`);
  const rows: [string, string, string][] = [
    ['spans/s', Math.round(result.spans / result.seconds).toLocaleString('en-US'), '≥ 150,000'],
    ['import time', `${result.seconds.toFixed(1)} s`, ''],
    ['peak RSS', `${result.maxRssMiB.toFixed(0)} MiB`, '≤ 400 MB (1 GB file)'],
  ];
  for (const [name, value, target] of rows) process.stdout.write(`  ${name.padEnd(30)} ${value.padStart(16)}   ${target}\n`);
}
