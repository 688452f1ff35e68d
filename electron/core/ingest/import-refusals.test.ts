import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused, otlpGzipBomb, otlpSpan, otlpTraces, writeSample } from '../../../test/import-samples.js';
import { contentCounts, tempCache } from '../../../test/temp-cache.js';
import { importFile } from './import-file.js';

/** What an import says when it refuses a file, what it accepts as empty, and how far it lets gzip expand. */
describe('import refusals', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  it('says in words what is wrong with the JSON, never an internal error or a raw JSON.parse message', async () => {
    const duplicate = await expectRefused(cache, 'dup.json', '{"x":1,"x":[2]}', /: byte 7: record x: the key "x" appears twice/);
    expect(duplicate.message).not.toMatch(/is not a function/);
    await expectRefused(cache, 'key.json', '{"resource\u0001Spans":[]}', /: byte 10: invalid JSON: a control character \(U\+0001\) inside a string/);
    const text = otlpTraces([otlpSpan(0), otlpSpan(1)]).replace('"name":"op-1"', '"name":op-1');
    const bad = await expectRefused(cache, 'bad.json', text, /record resourceSpans\[0\]: invalid JSON: expected a value, found the word "op"/);
    expect(bad.offset).toBe(text.indexOf(':op-1') + 1);
    expect(bad.message).not.toMatch(/Unexpected token|is not valid JSON|at position/);
  });

  it('names a missing field as missing, not "undefined undefined"', async () => {
    const noTime = otlpTraces([otlpSpan(0, { events: [{ name: 'retry' }] })]);
    const error = await expectRefused(cache, 'event.json', noTime, /events\[0\]\.timeUnixNano: expected nanoseconds since the epoch, got nothing \(the field is missing\)/);
    expect(error.message).not.toMatch(/undefined/);
    const noKey = otlpTraces([otlpSpan(0, { attributes: [{ value: { stringValue: 'x' } }] })]);
    await expectRefused(cache, 'key.json', noKey, /attributes\[0\]\.key: expected a string, got nothing \(the field is missing\)/);
  });

  it('accepts an empty but valid export as an empty import', async () => {
    const empties: Record<string, [string, string | null]> = {
      'spans.json': ['{"resourceSpans":[]}', 'otlp-json'],
      'logs.json': ['{"resourceLogs": [ ]}', 'otlp-json'],
      'zipkin.json': ['[]', null],
      'jaeger.json': ['{"data":[],"total":0,"limit":0,"offset":0,"errors":null}', 'jaeger-json'],
      'tempo.json': ['{"batches":[]}', 'tempo'],
    };
    await importFile(cache.db, writeSample(cache, 'seed.json', otlpTraces([otlpSpan(0)])));
    const before = contentCounts(cache.db);
    for (const [name, [content, format]] of Object.entries(empties)) {
      const load = await importFile(cache.db, writeSample(cache, name, content));
      expect(load).toMatchObject({ status: 'done', format, spansSeen: 0, logsSeen: 0, error: null });
    }
    expect(contentCounts(cache.db)).toEqual(before);
    await expectRefused(cache, 'wrong.json', '{"resourceSpans":{}}', /record resourceSpans: expected an array, got an object/);
    await expectRefused(cache, 'nothing.json', '{}', /not a recognised trace or log format/);
  });

  it('refuses a gzip bomb once it has expanded past the ratio, saying why, and leaves the cache as it was', async () => {
    const bomb = otlpGzipBomb();
    expect(bomb.length).toBeLessThan(100_000);
    const error = await expectRefused(cache, 'bomb.json.gz', bomb, /the gzip data expands to more than 100 times its compressed size \(16\.\d MiB from the first \d+\.\d KiB of the file\), which is what a decompression bomb does/);
    expect(error.offset).toBeGreaterThan(0);
    expect(error.offset).toBeLessThanOrEqual(bomb.length);
    const raised = await importFile(cache.db, writeSample(cache, 'bomb2.json.gz', bomb), { limits: { maxExpansionRatio: 10_000 } });
    expect(raised.status).toBe('done');
  });

  it('refuses a gzip file past the absolute ceiling, which the caller may set', async () => {
    const spans = Array.from({ length: 3000 }, (_, i) => otlpSpan(i));
    const file = gzipSync(otlpTraces(spans));
    await expectRefused(cache, 'big.json.gz', file, /expands to more than 100\.0 KiB, the most an import decompresses/, {
      limits: { maxExpandedBytes: 100 * 1024 },
    });
  });
});
