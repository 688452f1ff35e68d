import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTraceFile } from '../test/trace-files.js';
import { BENCH_DIR, ingestData } from './bench-data.js';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

interface ChildResult {
  seconds: number;
  spans: number;
  maxRssMiB: number;
}

function child(args: string[]): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

/**
 * `npm run bench -- ingest-trace [--spans N]`: one Jaeger trace of N spans in one file (default 2M, ~1 GB), with its
 * processes after the spans as Jaeger writes them, imported by the real importer in a process of its own: throughput
 * and peak RSS (issue 10: ≤ 400 MB for a 1 GB file of one 2M-span trace), into an empty cache and into one that
 * already holds the ingest bench's 1M OTLP spans.
 */
export async function benchIngestTrace(spans: number): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `jaeger-trace-${spans}.json`);
  if (!existsSync(file)) writeTraceFile(file, spans, 'jaeger');
  const base = (await ingestData(1_000_000, 2_000_000)).traces;
  const empty = child(['import', join(BENCH_DIR, 'ingest-trace.sqlite'), file]);
  const onto = child(['import-onto', join(BENCH_DIR, 'ingest-trace-onto.sqlite'), file, base]);
  const mb = statSync(file).size / 1e6;
  process.stdout.write(`ingest-trace: one Jaeger trace of ${empty.spans.toLocaleString('en-US')} spans, ${mb.toFixed(0)} MB\n`);
  const rate = (r: ChildResult) => Math.round(r.spans / r.seconds).toLocaleString('en-US');
  const rows: [string, string, string][] = [
    ['spans/s (empty cache)', rate(empty), '≥ 150,000'],
    ['spans/s (1M spans cached)', rate(onto), '≥ 150,000'],
    ['import time (empty cache)', `${empty.seconds.toFixed(1)} s`, ''],
    ['peak RSS (empty cache)', `${empty.maxRssMiB.toFixed(0)} MiB`, '≤ 400 MB (1 GB file)'],
  ];
  for (const [name, value, target] of rows) process.stdout.write(`  ${name.padEnd(30)} ${value.padStart(16)}   ${target}\n`);
}
