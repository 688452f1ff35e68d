import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core/core.js';
import { startLoopback } from '../electron/core/sources/test-support/loopback.js';
import { BENCH_DIR } from './bench-data.js';
import { benchPullTempo } from './pull-tempo.js';
import { firstRowsFigure, watchTracePull } from './pull-watch.js';

const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'ads', 'discounts', 'postgres', 'redis', 'kafka', 'email'];

/** One Jaeger v1 trace (the /api/traces/{id} envelope) of `spans` spans: a wide, deep tree over ten services. */
function jaegerTraceFile(spans: number): { file: string; traceId: string } {
  const file = join(BENCH_DIR, `pull-jaeger-${spans}.json`);
  const traceId = '5eed000000000000000000000000b10b';
  try {
    if (statSync(file).size > 0) return { file, traceId };
  } catch {
    // generated below
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const start = 1_700_000_000_000_000;
  const list = [];
  for (let i = 0; i < spans; i++) {
    const parent = i === 0 ? null : Math.floor((i - 1) / 4);
    list.push({
      traceID: traceId,
      spanID: (i + 1).toString(16).padStart(16, '0'),
      operationName: `op-${i % 50}`,
      references: parent === null ? [] : [{ refType: 'CHILD_OF', traceID: traceId, spanID: (parent + 1).toString(16).padStart(16, '0') }],
      startTime: start + i * 10,
      duration: 1000 + (i % 997),
      tags: [
        { key: 'span.kind', type: 'string', value: i % 2 === 0 ? 'server' : 'client' },
        { key: 'http.status_code', type: 'int64', value: i % 101 === 0 ? 500 : 200 },
        { key: 'error', type: 'bool', value: i % 101 === 0 },
      ],
      logs: [],
      processID: `p${i % SERVICES.length}`,
      warnings: null,
    });
  }
  const processes = Object.fromEntries(SERVICES.map((s, i) => [`p${i}`, { serviceName: s, tags: [{ key: 'host.name', type: 'string', value: `${s}-0` }] }]));
  writeFileSync(file, JSON.stringify({ data: [{ traceID: traceId, spans: list, processes, warnings: null }], total: 0, limit: 0, offset: 0, errors: null }));
  return { file, traceId };
}

/** `npm run bench -- pull [--spans N]`: a 100k-span trace pulled from a loopback Jaeger (v1 JSON), then Tempo (v2, v1), time to cached. */
export async function benchPull(spans: number): Promise<void> {
  const { file, traceId } = jaegerTraceFile(spans);
  const server = await startLoopback((req, res) => {
    if (req.path !== `/api/traces/${traceId}`) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-pull-'));
  const core = await openCore({ databasePath: join(dir, 'cache.sqlite'), mode: 'web' });
  try {
    await core.handlers.saveSource({ config: { name: 'jaeger', kind: 'jaeger', url: server.url } as never });
    const pulled = await watchTracePull(core, traceId, undefined, false);
    const done = pulled.job;
    const cachedStart = performance.now();
    const again = (await core.pulls.wait((await core.handlers.pullTrace({ traceId, refresh: false })).id))!;
    const cachedMs = performance.now() - cachedStart;
    const rows: [string, string, string][] = [
      ['spans pulled', done.spansSeen.toLocaleString('en-US'), `${(done.bytes / 1024 / 1024).toFixed(1)} MiB body`],
      // Jaeger v1 writes a trace's processes after its spans: nothing can be written before the body's end.
      ['first rows (Jaeger v1)', firstRowsFigure(pulled), '≤ 1 s (processes come last in v1: rows wait for them)'],
      ['time to cached (Jaeger v1)', `${pulled.seconds.toFixed(2)} s`, `${Math.round(done.spansSeen / pulled.seconds).toLocaleString('en-US')} spans/s`],
      ['longest event-loop stall during the pull', `${pulled.longestStallMs.toFixed(0)} ms`, 'the main thread stays responsive'],
      ['same question again (cached)', `${cachedMs.toFixed(0)} ms`, `cached=${again.cached}`],
    ];
    for (const [what, value, note] of rows) process.stdout.write(`${what.padEnd(42)} ${value.padStart(12)}   ${note}\n`);
  } finally {
    core.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  await benchPullTempo(spans);
}
