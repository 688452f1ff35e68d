import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partialReason } from './tempo-partial.js';

const dir = mkdtempSync(join(tmpdir(), 'casefile-tempo-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function reasonOf(body: string): Promise<string | null> {
  const file = join(dir, `body-${n++}.json`);
  writeFileSync(file, body);
  return partialReason(file);
}

/** A span whose own status carries a message, as OTLP/JSON writes it. */
const SPAN = '{"traceId":"Jto0oOKw3ZpEDd1f8gOkpA==","spanId":"AAAAAAAAAAE=","name":"x","status":{"code":"STATUS_CODE_ERROR","message":"span failed"}}';
const trace = (spans: number) => `{"trace":{"resourceSpans":[{"scopeSpans":[{"spans":[${Array(spans).fill(SPAN).join(',')}]}]}]}`;

describe('partialReason (Tempo v2 trace-by-id status)', () => {
  it('reads PARTIAL and its message from the end of the body, as Tempo writes them', async () => {
    const body = `${trace(3).slice(0, -1)},"status":"PARTIAL","message":"trace exceeds max size (max bytes: 5000000)"}`;
    expect(await reasonOf(body)).toBe('Tempo returned only part of this trace (trace exceeds max size (max bytes: 5000000))');
  });

  it('finds the status after a trace far larger than what it reads, and unescapes the message', async () => {
    // ~3 MB of spans: only the first 4 KiB and the last 64 KiB are read.
    const body = `${trace(20_000).slice(0, -1)},"status":"PARTIAL","message":"limit \\"5MB\\" reached"}`;
    expect(body.length).toBeGreaterThan(2_000_000);
    expect(await reasonOf(body)).toBe('Tempo returned only part of this trace (limit "5MB" reached)');
  });

  it('says why without a message, and never takes a span status message for it', async () => {
    expect(await reasonOf(`${trace(2).slice(0, -1)},"status":"PARTIAL"}`)).toBe('Tempo returned only part of this trace (over its max_bytes_per_trace)');
    expect(await reasonOf(`{"status":"PARTIAL","message":"cut at 5 MB",${trace(1).slice(1)}`)).toBe('Tempo returned only part of this trace (cut at 5 MB)');
  });

  it('is null for a COMPLETE answer, one without a status (v1), and a span attribute that merely says PARTIAL', async () => {
    expect(await reasonOf(`${trace(2).slice(0, -1)},"status":"COMPLETE"}`)).toBeNull();
    expect(await reasonOf('{"batches":[]}')).toBeNull();
    expect(await reasonOf(`{"trace":{"resourceSpans":[{"resource":{"attributes":[{"key":"note","value":{"stringValue":"\\"status\\":\\"PARTIAL\\""}}]}}]}}`)).toBeNull();
  });
});
