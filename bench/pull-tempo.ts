import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { openCore } from '../electron/core/core.js';
import { startLoopback } from '../electron/core/sources/test-support/loopback.js';
import { BENCH_DIR } from './bench-data.js';
import { firstRowsFigure, watchTracePull } from './pull-watch.js';

const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'ads', 'discounts', 'postgres', 'redis', 'kafka', 'email'];
const TRACE_ID = '5eed0000000000000000000000007e30';
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const spanHex = (i: number) => (i + 1).toString(16).padStart(16, '0');

/**
 * One trace of `spans` spans as Tempo answers /api/v2/traces/{id} (and v1's `batches`): gogo jsonpb, so base64 ids,
 * enum names and string times, one resource batch per service.
 */
function tempoTraceFiles(spans: number): { v1: string; v2: string } {
  const v1 = join(BENCH_DIR, `pull-tempo-v1-${spans}.json`);
  const v2 = join(BENCH_DIR, `pull-tempo-v2-${spans}.json`);
  try {
    if (statSync(v1).size > 0 && statSync(v2).size > 0) return { v1, v2 };
  } catch {
    // generated below
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const start = 1_700_000_000_000_000_000n;
  const byService = SERVICES.map(() => [] as unknown[]);
  for (let i = 0; i < spans; i++) {
    const parent = i === 0 ? null : Math.floor((i - 1) / 4);
    const begin = start + BigInt(i) * 10_000n;
    byService[i % SERVICES.length]!.push({
      traceId: b64(TRACE_ID),
      spanId: b64(spanHex(i)),
      ...(parent === null ? {} : { parentSpanId: b64(spanHex(parent)) }),
      name: `op-${i % 50}`,
      kind: i % 2 === 0 ? 'SPAN_KIND_SERVER' : 'SPAN_KIND_CLIENT',
      startTimeUnixNano: begin.toString(),
      endTimeUnixNano: (begin + BigInt(1_000_000 + (i % 997) * 1000)).toString(),
      attributes: [
        { key: 'http.status_code', value: { intValue: i % 101 === 0 ? '500' : '200' } },
        { key: 'http.route', value: { stringValue: `/api/v1/items/${i % 50}` } },
      ],
      status: i % 101 === 0 ? { code: 'STATUS_CODE_ERROR' } : {},
    });
  }
  const batches = SERVICES.map((service, s) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'host.name', value: { stringValue: `${service}-0` } }] },
    scopeSpans: [{ scope: { name: 'bench' }, spans: byService[s] }],
  }));
  writeFileSync(v1, JSON.stringify({ batches }));
  writeFileSync(v2, JSON.stringify({ trace: { resourceSpans: batches }, status: 'COMPLETE' }));
  return { v1, v2 };
}

/** A link of 200 Mbit/s: what a pull from a backend in another region might see, where the download is most of it. */
const SLOW_BYTES_PER_SECOND = 25 * 1024 * 1024;

/** Sends `file` at `bytesPerSecond` (in 64 KiB steps): a network slower than loopback. */
function paced(file: string, res: ServerResponse, bytesPerSecond: number): void {
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  const started = performance.now();
  let sent = 0;
  stream.on('data', (chunk) => {
    sent += chunk.length;
    const due = (sent / bytesPerSecond) * 1000 - (performance.now() - started);
    if (!res.write(chunk) || due > 0) {
      stream.pause();
      setTimeout(() => stream.resume(), Math.max(0, due));
    }
  });
  stream.on('end', () => res.end());
}

/**
 * The Tempo leg of `npm run bench -- pull`: the same trace through /api/v2/traces/{id} and /api/traces/{id}, then v1
 * again over a paced 200 Mbit/s link. Tempo's OTLP body has each batch's resource before its spans, so rows are
 * written, and shown, while the rest downloads.
 */
export async function benchPullTempo(spans: number): Promise<void> {
  const files = tempoTraceFiles(spans);
  const server = await startLoopback((req, res) => {
    const slow = req.path.startsWith('/slow/');
    const path = slow ? req.path.slice('/slow'.length) : req.path;
    const file = path === `/api/v2/traces/${TRACE_ID}` ? files.v2 : path === `/api/traces/${TRACE_ID}` ? files.v1 : null;
    if (file === null) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': statSync(file).size });
    if (slow) paced(file, res, SLOW_BYTES_PER_SECOND);
    else createReadStream(file).pipe(res);
  });
  const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-pull-tempo-'));
  const legs = [
    { name: 'tempo-v2', traceApi: 'v2', url: server.url, label: 'Tempo v2' },
    { name: 'tempo-v1', traceApi: 'v1', url: server.url, label: 'Tempo v1' },
    { name: 'tempo-v1-slow', traceApi: 'v1', url: `${server.url}/slow`, label: 'Tempo v1, 200 Mbit/s' },
  ] as const;
  let core: Awaited<ReturnType<typeof openCore>> | null = null;
  try {
    for (const leg of legs) {
      // A cache of its own per leg: into one already holding the trace, a pull would write nothing new to show.
      core?.close();
      core = await openCore({ databasePath: join(dir, `${leg.name}.sqlite`), mode: 'web' });
      await core.handlers.saveSource({ config: { name: leg.name, kind: 'tempo', url: leg.url, options: { traceApi: leg.traceApi } } as never });
      const pulled = await watchTracePull(core, TRACE_ID, leg.name, true);
      const done = pulled.job;
      const rows: [string, string, string][] = [
        [`first rows (${leg.label})`, firstRowsFigure(pulled), '≤ 1 s'],
        [`time to cached (${leg.label}, ${(done.bytes / 1024 / 1024).toFixed(1)} MiB)`, `${pulled.seconds.toFixed(2)} s`, `${Math.round(done.spansSeen / pulled.seconds).toLocaleString('en-US')} spans/s, ${done.spansSeen.toLocaleString('en-US')} spans`],
        [`longest event-loop stall (${leg.label})`, `${pulled.longestStallMs.toFixed(0)} ms`, 'the main thread stays responsive'],
      ];
      for (const [what, value, note] of rows) process.stdout.write(`${what.padEnd(42)} ${value.padStart(12)}   ${note}\n`);
    }
    const cachedStart = performance.now();
    const again = (await core!.pulls.wait((await core!.handlers.pullTrace({ traceId: TRACE_ID, refresh: false })).id))!;
    process.stdout.write(`${'same question again (cached, Tempo)'.padEnd(42)} ${`${(performance.now() - cachedStart).toFixed(0)} ms`.padStart(12)}   cached=${again.cached}\n`);
  } finally {
    core?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
