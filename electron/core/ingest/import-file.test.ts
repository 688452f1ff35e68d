import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRACE, expectRefused as refused, otlpSpan, otlpTraces, writeSample } from '../../../test/import-samples.js';
import { tempCache } from '../../../test/temp-cache.js';
import { openDatabase } from '../db/open-database.js';
import { importFile } from './import-file.js';

const span = otlpSpan;
const otlp = otlpTraces;

describe('importFile', () => {
  let cache: ReturnType<typeof tempCache>;
  const file = (name: string, content: string | Buffer) => writeSample(cache, name, content);
  const expectRefused = (name: string, content: string | Buffer, reason: RegExp) => refused(cache, name, content, reason);

  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  it('keeps nanosecond times exact and stores a trace summary', async () => {
    await importFile(cache.db, file('a.json', otlp([span(0), span(1, { parentSpanId: '0000000000000001' })])));
    const rows = cache.db.prepare('SELECT start_ns FROM spans ORDER BY start_ns').safeIntegers(true).all() as { start_ns: bigint }[];
    expect(rows.map((r) => r.start_ns.toString())).toEqual(['1700000000000000000', '1700000000000001000']);
    const trace = cache.db.prepare('SELECT * FROM traces').get() as Record<string, unknown>;
    expect(trace).toMatchObject({ trace_id: TRACE, span_count: 2, root_name: 'op-0', has_root: 1 });
  });

  it('rolls back a file that breaks after many good records, naming the byte and the record', async () => {
    const good = Array.from({ length: 5000 }, (_, i) => span(i));
    const bad = [...good, span(5000, { startTimeUnixNano: 'yesterday' })];
    const error = await expectRefused('bad.json', otlp(bad), /record resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[5000\]\.startTimeUnixNano: expected nanoseconds/);
    expect(error.offset).toBe(18); // the first ResourceSpans starts after `{"resourceSpans":[`
  });

  it('refuses a truncated file', async () => {
    const text = otlp(Array.from({ length: 100 }, (_, i) => span(i)));
    await expectRefused('cut.json', text.slice(0, text.length - 40), /unexpected end of file/);
  });

  it('refuses wrong types, invalid ids and times out of range', async () => {
    await expectRefused('types.json', otlp([span(0, { name: 42 })]), /spans\[0\]\.name: expected a string, got number 42/);
    await expectRefused('id.json', otlp([span(0, { spanId: 'x'.repeat(300) })]), /spans\[0\]\.spanId: span id x{40}… \(300 chars\) is neither hex/);
    await expectRefused('zero.json', otlp([span(0, { traceId: '00000000000000000000000000000000' })]), /traceId: trace id is missing or all zeros/);
    await expectRefused('time.json', otlp([span(0, { startTimeUnixNano: '99999999999999999999' })]), /out of range/);
    await expectRefused('neg.json', otlp([span(0, { endTimeUnixNano: '1' })]), /ends before it starts/);
  });

  it('refuses huge strings and deep nesting without crashing', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    await expectRefused('huge.json', otlp([span(0, { name: huge })]), /over the 4194304 limit/);
    let nested: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < 200; i++) nested = { kvlistValue: { values: [{ key: 'k', value: nested }] } };
    await expectRefused('deep.json', otlp([span(0, { attributes: [{ key: 'deep', value: nested }] })]), /nested deeper than 32 levels/);
  });

  it('refuses what is not a trace or log file: HTML, empty, another product\'s JSON', async () => {
    await expectRefused('login.json', '<!doctype html><title>Sign in</title>', /expected a JSON object or array, found '<'/);
    await expectRefused('empty.json', '', /the file is empty/);
    await expectRefused('other.json', '{"kind":"Deployment","metadata":{"name":"x"}}', /not a recognised trace or log format \(top-level keys: kind, metadata\)/);
  });

  it('reads gzip and refuses a corrupt gzip stream', async () => {
    const load = await importFile(cache.db, file('a.json.gz', gzipSync(otlp([span(0), span(1)]))));
    expect(load).toMatchObject({ status: 'done', spansAdded: 2, format: 'otlp-json' });
    const broken = gzipSync(otlp(Array.from({ length: 2000 }, (_, i) => span(i + 10))));
    await expectRefused('b.json.gz', broken.subarray(0, broken.length / 2), /gzip data is truncated: the file ends before/);
    const flipped = Buffer.from(broken);
    for (let i = 100; i < 140; i++) flipped[i] = flipped[i]! ^ 0x5a;
    const error = await expectRefused('c.json.gz', flipped, /: the gzip data is corrupt \(.+\): the file was damaged/);
    expect(error.message).not.toMatch(/Z_DATA_ERROR|cannot read the file/);
  });

  it('stores the same logs once however often they are imported', async () => {
    const logs = JSON.stringify({
      resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ logRecords: [
        { timeUnixNano: '1700000000000000000', severityNumber: 17, body: { stringValue: 'payment failed' }, traceId: TRACE },
        { timeUnixNano: '1700000000000000001', severityNumber: 9, body: { stringValue: 'retrying' } },
      ] }] }],
    });
    const first = await importFile(cache.db, file('logs.json', logs));
    const second = await importFile(cache.db, file('logs-copy.json', logs));
    expect([first.logsAdded, second.logsAdded, second.logsSeen]).toEqual([2, 0, 2]);
    const hits = cache.db.prepare("SELECT body FROM logs_fts WHERE logs_fts MATCH 'payment'").all();
    expect(hits).toEqual([{ body: 'payment failed' }]);
  });

  it('records every load in the ledger, failures with their reason', async () => {
    await importFile(cache.db, file('ok.json', otlp([span(0)])));
    await importFile(cache.db, file('bad.json', '{"resourceSpans": [')).catch(() => undefined);
    const loads = cache.db.prepare('SELECT target, status, spans_added, error FROM loads ORDER BY id').all() as Record<string, unknown>[];
    expect(loads).toMatchObject([
      { status: 'done', spans_added: 1, error: null },
      { status: 'failed', spans_added: 0, error: expect.stringMatching(/^bad\.json: byte \d+: unexpected end of file/) },
    ]);
  });

  it('lets other connections read the last committed state while an import runs', async () => {
    const reader = openDatabase(cache.path);
    // Newline-delimited requests, as the collector writes them: batches reach the writer while the file is read.
    const lines = Array.from({ length: 50 }, (_, l) => otlp(Array.from({ length: 2000 }, (_, i) => span(l * 2000 + i))));
    const path = file('big.ndjson', lines.join('\n'));
    const seen: number[] = [];
    await importFile(cache.db, path, {
      onProgress: (p) => {
        if (p.bytesRead < p.totalBytes) seen.push((reader.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n);
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([0]));
    expect((reader.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n).toBe(100_000);
    reader.close();
  });
});
