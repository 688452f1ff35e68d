import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullJob } from '../../../shared/source-pulls.js';
import { OPENING } from '../../../test/trace-file-suite.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { startLoopback, type Loopback } from './test-support/loopback.js';

/**
 * A pulled body is parsed and written while it downloads: a Tempo (API v1) trace of 100k spans whose server sends
 * the first part and then holds the rest until the test lets it go. OTLP holds each batch's resource before its
 * spans, so rows can show before the download ends; Jaeger v1 puts its processes after the spans and cannot.
 */
const SPANS = 100_000;
/** The share of the body sent before the server holds. */
const FIRST_PART = 0.4;

let h: SourceHarness;
let server: Loopback;
let dir: string;
afterEach(async () => {
  release?.();
  await server?.close();
  h?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let release: (() => void) | null = null;

/** Serves the trace in two parts; `rest` decides what follows the first: the rest of it, or a cut connection. */
async function setUp(rest: 'send' | 'cut'): Promise<{ traceId: string; size: number }> {
  dir = mkdtempSync(join(tmpdir(), 'casefile-streamed-pull-'));
  const file = join(dir, 'trace.json');
  const { traceId } = writeTraceFile(file, SPANS, 'otlp');
  // Tempo's API v1 answers `{"batches": [...]}`.
  const body = Buffer.from(readFileSync(file, 'utf8').replace(/^\{"resourceSpans":/, '{"batches":'));
  const held = new Promise<void>((resolve) => (release = resolve));
  server = await startLoopback(async (req, res: ServerResponse) => {
    if (req.path !== `/api/traces/${traceId}`) return void res.writeHead(404).end('404 page not found');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    const cut = Math.floor(body.length * FIRST_PART);
    res.write(body.subarray(0, cut));
    await held;
    if (rest === 'send') res.end(body.subarray(cut));
    else res.destroy();
  });
  h = await sourceHarness({ maxBytes: 1024 * 1024, maxFileBytes: 256 * 1024 * 1024 });
  await h.add({ name: 'prod-tempo', kind: 'tempo', url: server.url, timeoutMs: 60_000, options: { traceApi: 'v1' } }, {});
  return { traceId, size: body.length };
}

/** Polls the job (bounded) until `until` holds or it stops running. */
async function watch(job: PullJob, until: (job: PullJob) => boolean): Promise<PullJob> {
  for (let i = 0; i < 6000 && job.state === 'running' && !until(job); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    job = (await h.client.pullJob({ id: job.id }))!;
  }
  return job;
}

describe('a pulled body is written as it downloads', () => {
  it('shows the trace while the server still holds the rest of the body, then caches all of it', async () => {
    const { traceId, size } = await setUp('send');
    let job = await watch(await h.client.pullTrace({ traceId, source: 'prod-tempo' }), (j) => (j.arrivingTrace?.spans ?? 0) >= 1_000);
    // The server has sent only its first part: every row shown so far came from a body still downloading.
    expect(job).toMatchObject({ state: 'running', phase: 'writing', arrivingTrace: { traceId } });
    expect(job.bytes).toBeLessThan(size);
    const rows = await h.client.traceRows({ traceId, ...OPENING, offset: 0, limit: 20, critical: false });
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(h.counts().spans).toBe(0);

    release!();
    job = await h.finished(job);
    expect(job).toMatchObject({ state: 'done', bytes: size });
    expect((await h.client.traceLayout({ traceId, ...OPENING })).spanCount).toBe(SPANS);
    expect(h.counts().spans).toBe(SPANS);
  }, 120_000);

  it('fails with the download error, not a parse error, when the body is cut off while written, and keeps nothing', async () => {
    const { traceId } = await setUp('cut');
    let job = await watch(await h.client.pullTrace({ traceId, source: 'prod-tempo' }), (j) => (j.arrivingTrace?.spans ?? 0) > 0);
    expect(job.phase).toBe('writing');
    release!();
    job = await h.finished(job);
    expect(job).toMatchObject({ state: 'failed', errorStage: 'response' });
    expect(job.error).toMatch(/^source "prod-tempo": GET \/api\/traces\/[0-9a-f]{32}: the response was cut off after \d+ bytes/);
    expect(h.counts().spans).toBe(0);
    await expect(h.client.traceLayout({ traceId, ...OPENING })).rejects.toThrow(/the pull bringing it stopped \(.*cut off after \d+ bytes/);
  }, 120_000);

  it('is cancelled while the body downloads, and keeps nothing', async () => {
    const { traceId } = await setUp('send');
    const job = await watch(await h.client.pullTrace({ traceId, source: 'prod-tempo' }), (j) => (j.arrivingTrace?.spans ?? 0) > 0);
    expect(job.phase).toBe('writing');
    await h.client.cancelPull({ id: job.id });
    expect((await h.finished(job)).state).toBe('cancelled');
    expect(h.counts().spans).toBe(0);
  }, 120_000);
});
