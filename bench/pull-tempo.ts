import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCore } from '../electron/core/core.js';
import { startLoopback } from '../electron/core/sources/test-support/loopback.js';
import { BENCH_DIR } from './bench-data.js';

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

/** The Tempo leg of `npm run bench -- pull`: the same trace through /api/v2/traces/{id} and /api/traces/{id}. */
export async function benchPullTempo(spans: number): Promise<void> {
  const files = tempoTraceFiles(spans);
  const server = await startLoopback((req, res) => {
    const file = req.path === `/api/v2/traces/${TRACE_ID}` ? files.v2 : req.path === `/api/traces/${TRACE_ID}` ? files.v1 : null;
    if (file === null) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-pull-tempo-'));
  const core = await openCore({ databasePath: join(dir, 'cache.sqlite'), mode: 'web' });
  try {
    for (const traceApi of ['v2', 'v1'] as const) {
      const name = `tempo-${traceApi}`;
      await core.handlers.saveSource({ config: { name, kind: 'tempo', url: server.url, options: { traceApi } } as never });
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = performance.now();
      const job = await core.handlers.pullTrace({ traceId: TRACE_ID, source: name, refresh: true });
      const done = (await core.pulls.wait(job.id))!;
      const seconds = (performance.now() - started) / 1000;
      loop.disable();
      if (done.state !== 'done') throw new Error(`Tempo ${traceApi} pull failed: ${done.error}`);
      const rows: [string, string, string][] = [
        [`time to cached (Tempo ${traceApi}, ${(done.bytes / 1024 / 1024).toFixed(1)} MiB)`, `${seconds.toFixed(2)} s`, `${Math.round(done.spansSeen / seconds).toLocaleString('en-US')} spans/s, ${done.spansSeen.toLocaleString('en-US')} spans`],
        [`longest event-loop stall (Tempo ${traceApi})`, `${(loop.max / 1e6).toFixed(0)} ms`, 'the main thread stays responsive'],
      ];
      for (const [what, value, note] of rows) process.stdout.write(`${what.padEnd(42)} ${value.padStart(12)}   ${note}\n`);
    }
    const cachedStart = performance.now();
    const again = (await core.pulls.wait((await core.handlers.pullTrace({ traceId: TRACE_ID, refresh: false })).id))!;
    process.stdout.write(`${'same question again (cached, Tempo)'.padEnd(42)} ${`${(performance.now() - cachedStart).toFixed(0)} ms`.padStart(12)}   cached=${again.cached}\n`);
  } finally {
    core.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
