import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openWriteConnection } from '../electron/core/db/open-database.js';
import { OtlpReceiver } from '../electron/core/receiver/otlp-receiver.js';
import type { Protocol } from '../test/otel-sdk.js';

const SENDER = fileURLToPath(new URL('./receiver-sender.ts', import.meta.url));
const BATCH = 2000;
const IN_FLIGHT = 4;

interface SenderResult {
  sent: number;
  failed: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * CPU time of this process's main thread (the one that writes to SQLite) from Linux's per-thread accounting, in ms;
 * null elsewhere. Unlike wall time it barely moves when other programs share the cores, so it shows the writing
 * thread's cost per span even on a busy machine.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields, in 1/100 s ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Runs the sender and measures this process's CPU (receiver thread + decoding thread) over its timed part. */
async function send(url: string, protocol: Protocol, spans: number): Promise<SenderResult & { receiverCpuMs: number; writerCpuMs: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SENDER, url, protocol, String(spans), String(BATCH), String(IN_FLIGHT)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let cpuStart: NodeJS.CpuUsage | null = null;
  let writerStart: number | null = null;
  let result: (SenderResult & { receiverCpuMs: number; writerCpuMs: number | null }) | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'timed') {
      cpuStart = process.cpuUsage();
      writerStart = mainThreadCpuMs();
    } else if (line.startsWith('{')) {
      const writerNow = mainThreadCpuMs();
      result = {
        ...(JSON.parse(line) as SenderResult),
        receiverCpuMs: cpuStart === null ? NaN : cpuMs(process.cpuUsage(cpuStart)),
        writerCpuMs: writerStart === null || writerNow === null ? null : writerNow - writerStart,
      };
    }
  }
  if (result === null) throw new Error('the sender printed no result');
  return result;
}

/**
 * `npm run bench -- receiver [--spans N]`: the receiver in this process on a fresh cache; the real SDK's OTLP/HTTP
 * exporter in a child process sends batches of 2,000 spans, 4 requests in flight. A span counts once the receiver
 * has committed it: the exporter's callback fires on the 200, which is sent after COMMIT.
 */
export async function benchReceiver(spans: number): Promise<void> {
  process.stdout.write(
    `receiver: ${spans.toLocaleString('en-US')} spans per protocol, batches of ${BATCH.toLocaleString('en-US')}, ${IN_FLIGHT} in flight, sender in a child process\n`,
  );
  for (const protocol of ['proto', 'json'] as Protocol[]) {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-receiver-'));
    const db = openWriteConnection(join(dir, 'cache.sqlite'));
    const receiver = await OtlpReceiver.start(db, { port: 0 });
    try {
      const result = await send(`http://127.0.0.1:${receiver.port}`, protocol, spans);
      const stored = (db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const perThousand = (ms: number) => `${((ms / result.sent) * 1000).toFixed(1)} ms`;
      const rows: [string, string, string][] = [
        ['spans/s committed', rate(result.sent, result.seconds), '≥ 50,000'],
        ['request latency p50', `${percentile(sorted, 50).toFixed(1)} ms`, ''],
        ['request latency p95', `${percentile(sorted, 95).toFixed(1)} ms`, ''],
        ['spans in the cache', stored.toLocaleString('en-US'), `${(result.sent + BATCH).toLocaleString('en-US')} sent (incl. warm-up)`],
        ['failed requests', String(result.failed), '0'],
        ['receiver CPU / 1k spans', perThousand(result.receiverCpuMs), 'all of the receiver\'s threads'],
        ['  writing thread', result.writerCpuMs === null ? 'n/a' : perThousand(result.writerCpuMs), 'HTTP, SQLite inserts and commits'],
        ['sender CPU / 1k spans', perThousand(result.cpuMs), 'the SDK exporter'],
      ];
      process.stdout.write(`  ${protocol === 'proto' ? 'OTLP/HTTP protobuf' : 'OTLP/HTTP JSON'}\n`);
      for (const [name, value, target] of rows) process.stdout.write(`    ${name.padEnd(24)} ${value.padStart(12)}   ${target}\n`);
    } finally {
      await receiver.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
