import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { writeTraceFile } from '../../../test/trace-files.js';
import type { Db } from '../db/open-database.js';
import { importFile } from './import-file.js';
import { parseFile } from './parse-file.js';
import { SpeculationFailed, processesIn, tailHint } from './tail-processes.js';

const rows = (db: Db) =>
  db
    .prepare('SELECT trace_id, span_id, parent_id, service, name, start_ns, end_ns, status_code, attributes, resource_hash FROM spans ORDER BY trace_id, span_id')
    .safeIntegers(true)
    .all();

describe('the processes at the end of a Jaeger file', () => {
  it('are the last "processes" object that maps ids to services', () => {
    const tail = '"tags":[{"key":"processes","value":"x"}]}],"processes":{"p1":{"serviceName":"a","tags":[]},"p2":{"serviceName":"b\\"}","tags":[]}},"warnings":null}]}';
    expect(processesIn(tail)).toEqual({ p1: { serviceName: 'a', tags: [] }, p2: { serviceName: 'b"}', tags: [] } });
    expect(processesIn('"processes": {"p1": {"serviceName": "a"}}')).toEqual({ p1: { serviceName: 'a' } });
    expect(processesIn('"processes":{"p1":{"serviceName":"a"')).toBeNull(); // cut short
    expect(processesIn('"processes":{"p1":{"name":"a"}}')).toBeNull();
    expect(processesIn('"processes":[]')).toBeNull();
    expect(processesIn('no such thing')).toBeNull();
    expect(processesIn('"processes" at the very start, and no object')).toBeNull();
    // Hostile: the word a hundred thousand times, each opening an object that never closes (looking at every one
    // would scan the text a hundred thousand times, far past the test's timeout).
    expect(processesIn('"processes":{"p":'.repeat(100_000))).toBeNull();
  });

  it('name the trace they belong to when its last span, just before them, says it', () => {
    const span = (id: string) => `{"traceID":"${id}","spanID":"01","processID":"p1"}`;
    const tail = `${span('AAAA')},${span('00BB')}],"processes":{"p1":{"serviceName":"a"}},"warnings":null}]}`;
    expect(tailHint(tail)).toEqual({ processes: { p1: { serviceName: 'a' } }, traceId: '00bb' });
    expect(tailHint('"processes":{"p1":{"serviceName":"a"}}')).toEqual({ processes: { p1: { serviceName: 'a' } }, traceId: null });
    expect(tailHint('no such thing')).toBeNull();
  });
});

describe('importing a Jaeger trace with its processes guessed from the end of the file', () => {
  let cache: ReturnType<typeof tempCache>;
  let other: ReturnType<typeof tempCache>;
  beforeEach(() => {
    cache = tempCache();
    other = tempCache();
  });
  afterEach(() => {
    cache.dispose();
    other.dispose();
  });

  it('reads spans as they stream, and stores exactly what reading them after the processes stores', async () => {
    const last = join(cache.dir, 'last.json');
    const first = join(cache.dir, 'first.json');
    writeTraceFile(last, 40_000, 'jaeger');
    writeTraceFile(first, 40_000, 'jaeger', { processesFirst: true });
    let firstBatchAt: number | null = null;
    const load = await importFile(cache.db, last, {
      onProgress: (p) => {
        if (firstBatchAt === null && p.spans > 0) firstBatchAt = p.bytesRead / p.totalBytes;
      },
    });
    await importFile(other.db, first);
    expect(load.spansAdded).toBe(40_000);
    // Without the guess nothing could be stored before the processes, at the very end.
    expect(firstBatchAt).toBeLessThan(0.5);
    expect(rows(cache.db)).toEqual(rows(other.db));
  }, 60_000);

  /** Two traces in one Jaeger file, the second's processes naming "storefront" where the first's say "frontend". */
  function twoTraces(idA: string, idB: string): string {
    const traceOf = (text: string) => text.slice('{"data":['.length, text.lastIndexOf('],"total"'));
    const a = join(cache.dir, 'a.json');
    const b = join(cache.dir, 'b.json');
    writeTraceFile(a, 20_000, 'jaeger', { traceId: idA });
    writeTraceFile(b, 20_000, 'jaeger', { traceId: idB });
    // Each trace is past 8 MiB, so both are streamed.
    const textB = readFileSync(b, 'utf8');
    const at = textB.lastIndexOf('"processes"');
    const renamed = textB.slice(0, at) + textB.slice(at).replaceAll('"serviceName":"frontend"', '"serviceName":"storefront"');
    const both = join(cache.dir, 'both.json');
    writeFileSync(both, `{"data":[${traceOf(readFileSync(a, 'utf8'))},${traceOf(renamed)}],"total":2}`);
    // Gzip is never guessed: the same file read the plain way.
    writeFileSync(`${both}.gz`, gzipSync(readFileSync(both)));
    return both;
  }

  it('gives the processes at the end only to the trace they belong to, so a file of several traces is read once', async () => {
    const both = twoTraces('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
    // The first trace is not given the second's processes: no guess fails, nothing is read twice.
    await expect(parseFile(both, () => undefined, {}, true)).resolves.toMatchObject({ spans: 40_000 });

    const load = await importFile(cache.db, both);
    await importFile(other.db, `${both}.gz`);
    expect(load.spansAdded).toBe(40_000);
    const services = (trace: string) =>
      (cache.db.prepare('SELECT DISTINCT service FROM spans WHERE trace_id = ? ORDER BY 1').pluck().all(trace) as string[]).filter((s) => s.endsWith('front'));
    expect(services('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
    expect(services('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).toEqual(['storefront']);
    expect(rows(cache.db)).toEqual(rows(other.db));
  }, 60_000);

  it('does not guess for a trace whose own processes come before its id', async () => {
    const made = join(cache.dir, 'made.json');
    writeTraceFile(made, 5_000, 'jaeger', { processesFirst: true });
    const { data } = JSON.parse(readFileSync(made, 'utf8')) as { data: { traceID: string; spans: unknown[]; processes: unknown }[] };
    // Processes, then the id, then the spans: ~2.4 MB, so opened as the file's first trace, and all of it the "tail".
    const reordered = join(cache.dir, 'reordered.json');
    writeFileSync(reordered, JSON.stringify({ data: data.map(({ traceID, spans, processes }) => ({ processes, traceID, spans })) }));
    await expect(parseFile(reordered, () => undefined, {}, true)).resolves.toMatchObject({ spans: 5_000 });
  });

  it('starts again without guessing when a trace of that id turns out to have other processes', async () => {
    // Two fragments of one trace (asked of two backends, say): the first takes the end's processes and they differ.
    const both = twoTraces('cccccccccccccccccccccccccccccccc', 'cccccccccccccccccccccccccccccccc');
    await expect(parseFile(both, () => undefined, {}, true)).rejects.toBeInstanceOf(SpeculationFailed);

    const load = await importFile(cache.db, both);
    await importFile(other.db, `${both}.gz`);
    // The same span ids in both fragments: whatever the writer keeps of them, it keeps the same without the guess.
    expect(load.spansSeen).toBe(40_000);
    expect(rows(cache.db)).toEqual(rows(other.db));
  }, 60_000);
});
