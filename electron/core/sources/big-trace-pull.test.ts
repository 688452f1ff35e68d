import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTraceFile } from '../../../test/trace-files.js';
import { OPENING } from '../../../test/trace-file-suite.js';
import { fakeJaegerV1, type JaegerTrace } from './test-support/fake-jaeger.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

/**
 * A trace pull's body goes to a file and is read span by span, so its cap is disk (maxFileBytes), not the 256 MiB a
 * JSON answer held in memory may take. 40,000 spans ≈ 19 MB: past the in-memory cap set here, and opened and held
 * back (processes last) by the importer as a file import would be.
 */
const SPANS = 40_000;

let h: SourceHarness;
let server: Loopback;
let dir: string;
afterEach(async () => {
  await server?.close();
  h?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp(limits: { maxBytes: number; maxFileBytes: number }, spans = SPANS): Promise<JaegerTrace> {
  dir = mkdtempSync(join(tmpdir(), 'casefile-big-pull-'));
  const file = join(dir, 'trace.json');
  writeTraceFile(file, spans, 'jaeger');
  const trace = (JSON.parse(readFileSync(file, 'utf8')) as { data: JaegerTrace[] }).data[0]!;
  server = await startLoopback(fakeJaegerV1([trace]));
  h = await sourceHarness(limits);
  await h.add({ name: 'prod-jaeger', kind: 'jaeger', url: server.url, timeoutMs: 60_000 }, {});
  return trace;
}

describe('pulling a trace bigger than an in-memory answer may be', () => {
  it('streams it to disk and caches every span', async () => {
    const trace = await setUp({ maxBytes: 1024 * 1024, maxFileBytes: 64 * 1024 * 1024 });
    const job = await h.finished(await h.client.pullTrace({ traceId: trace.traceID, source: 'prod-jaeger' }));
    expect(job.state).toBe('done');
    expect(h.counts().spans).toBe(SPANS);
  }, 60_000);

  it('shows the trace, its spans and the graph while it is written, then the whole trace once committed', async () => {
    const trace = await setUp({ maxBytes: 1024 * 1024, maxFileBytes: 256 * 1024 * 1024 }, 200_000);
    const traceId = trace.traceID;
    let job = await h.client.pullTrace({ traceId, source: 'prod-jaeger' });
    for (let i = 0; i < 6000 && job.state === 'running' && (job.arrivingTrace?.spans ?? 0) < 1_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      job = (await h.client.pullJob({ id: job.id }))!;
    }
    expect(job).toMatchObject({ state: 'running', phase: 'writing', arrivingTrace: { traceId } });
    const live = await h.client.traceLayout({ traceId, ...OPENING });
    expect(live.arriving!.spans).toBeGreaterThanOrEqual(1_000);
    const rows = await h.client.traceRows({ traceId, ...OPENING, offset: 0, limit: 20, critical: false });
    expect(rows.rows[0]!.depth).toBe(0);
    const [root] = await h.client.spanDetail({ traceId, spanId: rows.rows[0]!.spanId });
    expect(root).toMatchObject({ traceId, service: 'frontend', name: 'GET /checkout' });
    expect((await h.client.serviceGraph({})).arriving).toMatchObject({ from: 'pull', spans: expect.any(Number) });
    expect(live.arriving!.from).toBe('pull');
    // Nothing is committed before the whole answer is.
    expect(h.counts().spans).toBe(0);

    job = await h.finished(job);
    expect(job).toMatchObject({ state: 'done', arrivingTrace: null });
    const stored = await h.client.traceLayout({ traceId, ...OPENING });
    expect(stored.arriving).toBeUndefined();
    expect(stored.spanCount).toBe(200_000);
    expect((await h.client.serviceGraph({})).arriving).toBeUndefined();
  }, 120_000);

  it('says why the trace is gone when its pull is cancelled while it is written', async () => {
    const trace = await setUp({ maxBytes: 1024 * 1024, maxFileBytes: 256 * 1024 * 1024 }, 200_000);
    const traceId = trace.traceID;
    let job = await h.client.pullTrace({ traceId, source: 'prod-jaeger' });
    for (let i = 0; i < 6000 && job.state === 'running' && (job.arrivingTrace?.spans ?? 0) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      job = (await h.client.pullJob({ id: job.id }))!;
    }
    expect(job.phase).toBe('writing');
    await h.client.cancelPull({ id: job.id });
    expect((await h.finished(job)).state).toBe('cancelled');
    await expect(h.client.traceLayout({ traceId, ...OPENING })).rejects.toThrow(
      `trace ${traceId} is not in the cache: the pull bringing it stopped (the pull from prod-jaeger was cancelled), and a pull keeps nothing of an answer it does not finish`,
    );
    expect(h.counts().spans).toBe(0);
  }, 120_000);

  it('still refuses a body past maxFileBytes, naming the limit, and caches nothing', async () => {
    const trace = await setUp({ maxBytes: 1024 * 1024, maxFileBytes: 4 * 1024 * 1024 });
    const before = h.counts();
    const job = await h.finished(await h.client.pullTrace({ traceId: trace.traceID, source: 'prod-jaeger' }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'too-large' });
    expect(job.error).toMatch(/larger than 4 MiB/);
    expect(h.counts()).toEqual(before);
  }, 60_000);
});
