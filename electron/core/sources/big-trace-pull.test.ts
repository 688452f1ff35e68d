import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTraceFile } from '../../../test/trace-files.js';
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

async function setUp(limits: { maxBytes: number; maxFileBytes: number }): Promise<JaegerTrace> {
  dir = mkdtempSync(join(tmpdir(), 'casefile-big-pull-'));
  const file = join(dir, 'trace.json');
  writeTraceFile(file, SPANS, 'jaeger');
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

  it('still refuses a body past maxFileBytes, naming the limit, and caches nothing', async () => {
    const trace = await setUp({ maxBytes: 1024 * 1024, maxFileBytes: 4 * 1024 * 1024 });
    const before = h.counts();
    const job = await h.finished(await h.client.pullTrace({ traceId: trace.traceID, source: 'prod-jaeger' }));
    expect(job).toMatchObject({ state: 'failed', errorStage: 'too-large' });
    expect(job.error).toMatch(/larger than 4 MiB/);
    expect(h.counts()).toEqual(before);
  }, 60_000);
});
