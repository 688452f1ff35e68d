import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { writeDemoNdjson } from '../fixtures/demo/otlp-writer.js';

export const BENCH_DIR = process.env.CASEFILE_BENCH_DIR ?? fileURLToPath(new URL('../bench-data/', import.meta.url));

export interface IngestData {
  traces: string;
  logs: string;
}

/**
 * Demo-incident data at benchmark scale, as two OTLP/JSON newline-delimited files (the collector's file exporter
 * format): one of trace requests, one of log requests, so spans/s and logs/s are measured separately. Generated
 * once per size and reused.
 */
export async function ingestData(spans: number, logs: number, seed?: number): Promise<IngestData> {
  // Another seed gives other trace and span ids: a cache to import onto without duplicates.
  const dir = join(BENCH_DIR, `ingest-${spans}-${logs}${seed === undefined ? '' : `-seed${seed}`}`);
  const data = { traces: join(dir, 'traces.otlp.ndjson'), logs: join(dir, 'logs.otlp.ndjson') };
  if (existsSync(data.traces) && existsSync(data.logs)) return data;
  mkdirSync(dir, { recursive: true });
  const mixed = join(dir, 'mixed.ndjson');
  const started = performance.now();
  const stats = await writeDemoNdjson(mixed, { spans, logs, ...(seed === undefined ? {} : { seed }) });
  await splitBySignal(mixed, data);
  rmSync(mixed);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`generated ${stats.spans} spans and ${stats.logs} logs in ${seconds} s into ${dir}\n`);
  return data;
}

async function splitBySignal(mixed: string, out: IngestData): Promise<void> {
  const traces = createWriteStream(`${out.traces}.part`);
  const logs = createWriteStream(`${out.logs}.part`);
  for await (const line of createInterface({ input: createReadStream(mixed), crlfDelay: Infinity })) {
    const target = line.startsWith('{"resourceLogs"') ? logs : traces;
    if (!target.write(`${line}\n`)) await once(target, 'drain');
  }
  await Promise.all([new Promise((r) => traces.end(r)), new Promise((r) => logs.end(r))]);
  renameSync(`${out.traces}.part`, out.traces);
  renameSync(`${out.logs}.part`, out.logs);
}
