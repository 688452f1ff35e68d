import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogRecordIn, SpanRecord } from '../../../shared/formats/records.js';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import { FormatRouter } from './format-router.js';
import { JsonUnitSplitter } from './json-units.js';
import { openableKind } from './open-records.js';
import { parseFile, type ParseProgress } from './parse-file.js';

interface Read {
  spans: SpanRecord[];
  logs: LogRecordIn[];
  warnings: string[];
  formats: string;
  error: string | null;
}

/**
 * Reads `text` through the splitter and router as parse-file does, opening every record that may be opened once it
 * is past `openAbove` bytes (Infinity: never), and running held-back items as parse-file does between chunks.
 */
async function read(text: string, openAbove: number, chunkSize = 4096): Promise<Read> {
  const spans: SpanRecord[] = [];
  const logs: LogRecordIn[] = [];
  const router = new FormatRouter({ span: (r) => spans.push(r), log: (r) => logs.push(r) });
  const splitter = new JsonUnitSplitter((unit) => router.unit(unit), { openAbove, canOpen: router.opened.canOpen });
  const drain = async () => {
    for (const replay of router.opened.takeReplays()) for await (const items of replay.items.items()) items.forEach(replay.read);
  };
  let error: string | null = null;
  try {
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += chunkSize) {
      splitter.push(bytes.subarray(i, i + chunkSize));
      await drain();
    }
    splitter.end();
    router.finish();
    await drain();
  } catch (e) {
    error = (e as Error).message;
  } finally {
    router.opened.dispose();
  }
  const bySpan = (a: SpanRecord, b: SpanRecord) => `${a.traceId}${a.spanId}${a.name}`.localeCompare(`${b.traceId}${b.spanId}${b.name}`);
  return {
    spans: spans.sort(bySpan),
    logs,
    warnings: router.warnings.list().map((w) => w.message).sort(),
    formats: [...router.formats].sort().join('+'),
    error,
  };
}

const samples = readdirSync(UPSTREAM, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(UPSTREAM, dir.name)).map((file) => `${dir.name}/${file}`))
  .filter((name) => !name.endsWith('.md') && !name.endsWith('.pb'))
  .sort();

describe('opened records', () => {
  it('knows which records may be opened', () => {
    expect(openableKind(['data', 0])).toBe('jaeger-trace');
    expect(openableKind([3])).toBe('top-element');
    expect(openableKind(['resourceSpans', 2, 'scopeSpans', 0])).toBe('scope-spans');
    expect(openableKind(['result', 'resourceSpans', 1])).toBe('resource-spans');
    expect(openableKind(['trace', 'batches', 0, 'instrumentationLibrarySpans', 4])).toBe('scope-spans');
    expect(openableKind(['resourceLogs', 0, 'scopeLogs', 1])).toBe('scope-logs');
    // A span, a process map, a list inside a span: read whole.
    expect(openableKind(['data', 0, 'spans', 5])).toBeNull();
    expect(openableKind(['data', 0, 'processes'])).toBeNull();
    expect(openableKind(['resourceSpans', 0, 'scopeSpans', 0, 'spans', 0])).toBeNull();
    expect(openableKind(['resourceLogs', 0, 'scopeSpans', 0])).toBeNull();
  });

  it("opens OTLP records and their envelopes, Zipkin arrays and a file's first trace past the splitter's size, other traces past 8 times it", () => {
    const { canOpen } = new FormatRouter({ span: () => undefined, log: () => undefined }).opened;
    const MiB = 1024 * 1024;
    const atOnce = [['resourceSpans', 3], ['resourceSpans', 0, 'scopeSpans', 2], ['resourceLogs', 1], [0], [4], ['data', 0], ['trace'], ['result']];
    for (const path of atOnce) expect(canOpen(path, MiB + 1, MiB), JSON.stringify(path)).toBe(true);
    // A Jaeger trace may hold its spans back until its processes come: opened only when really big, past the first.
    const path = ['data', 1];
    expect(canOpen(path, 8 * MiB, MiB)).toBe(false);
    expect(canOpen(path, 8 * MiB + 1, MiB)).toBe(true);
    expect(canOpen(['data', 0, 'spans', 3], 100 * MiB, MiB)).toBe(false);
  });

  it("streams a big first record: a dropped file's first spans come before its first record has been read whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-first-record-'));
    try {
      // 100k spans of one trace in OTLP/JSON: eight resources of ~4.5 MB, each under the 8 MiB it took before.
      const file = join(dir, 'trace.otlp.json');
      writeTraceFile(file, 100_000, 'otlp');
      const firstResource = Math.ceil(100_000 / 8);
      const batches: ParseProgress[] = [];
      await parseFile(file, (_batch, progress) => void batches.push(progress));
      expect(batches[0]!.spans).toBeLessThan(firstResource / 2);
      expect(batches.at(-1)!.spans).toBe(100_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hands a Zipkin file's first merge window out in small batches, and later windows whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-zipkin-window-'));
    try {
      // Zipkin spans wait in windows of 20,000 to be merged with their fragments, then come all at once.
      const file = join(dir, 'trace.zipkin.json');
      writeTraceFile(file, 45_000, 'zipkin');
      const sizes: number[] = [];
      await parseFile(file, (batch) => void sizes.push(batch.spans.length));
      expect(sizes.slice(0, 19)).toEqual(Array(19).fill(1024));
      expect(Math.max(...sizes)).toBe(20_000);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(45_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Every real sample read with every record opened gives exactly what reading them whole gives.
  for (const sample of samples) {
    it(`reads ${sample} the same opened as whole`, async () => {
      const text = readFileSync(join(UPSTREAM, sample), 'utf8');
      const whole = await read(text, Infinity);
      for (const chunk of [7, 4096]) {
        const opened = await read(text, 0, chunk);
        if (whole.error !== null) {
          expect(opened.error).not.toBeNull();
          continue;
        }
        expect(opened.error).toBeNull();
        expect(opened.spans).toEqual(whole.spans);
        expect(opened.logs).toEqual(whole.logs);
        expect(opened.warnings).toEqual(whole.warnings);
        expect(opened.formats).toBe(whole.formats);
      }
    });
  }
});
