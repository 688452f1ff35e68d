import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { ImportError, importFile, type ImportOptions } from '../electron/core/ingest/import-file.js';
import { contentCounts, type tempCache } from './temp-cache.js';

/** Small OTLP/JSON files for import tests, and the check every refusal must pass. */
export const TRACE = '5b8efff798038103d269b633813fc60c';

export function otlpSpan(i: number, extra: Record<string, unknown> = {}) {
  return {
    traceId: TRACE,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `op-${i}`,
    kind: 2,
    startTimeUnixNano: `${1700000000000000000n + BigInt(i) * 1000n}`,
    endTimeUnixNano: `${1700000000000000000n + BigInt(i) * 1000n + 500n}`,
    ...extra,
  };
}

export function otlpTraces(spans: unknown[]): string {
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans }] }],
  });
}

type Cache = ReturnType<typeof tempCache>;

export function writeSample(cache: Cache, name: string, content: string | Buffer): string {
  const path = join(cache.dir, name);
  writeFileSync(path, content);
  return path;
}

/** Seeds the cache with one good file, then checks a bad file changes nothing and says which file, where and why. */
export async function expectRefused(
  cache: Cache,
  name: string,
  content: string | Buffer,
  reason: RegExp,
  options: ImportOptions = {},
): Promise<ImportError> {
  await importFile(cache.db, writeSample(cache, 'seed.json', otlpTraces([otlpSpan(100)])));
  const before = contentCounts(cache.db);
  const error = await importFile(cache.db, writeSample(cache, name, content), options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as Error).message).toMatch(new RegExp(`^${name.replaceAll('.', '\\.')}: byte \\d+: `));
  expect((error as Error).message).toMatch(reason);
  expect(contentCounts(cache.db)).toEqual(before);
  return error as ImportError;
}

/**
 * A small gzip bomb that is valid OTLP: seven ResourceSpans with a 3 MB attribute each (no string over the limit),
 * ~21 MB from ~21 KB. Without a cap it imports (slowly, at scale); with the default ratio it is refused.
 */
export function otlpGzipBomb(): Buffer {
  const attribute = { key: 'padding', value: { stringValue: 'A'.repeat(3_000_000) } };
  const batches = Array.from({ length: 7 }, () => ({ resource: { attributes: [attribute] }, scopeSpans: [] }));
  return gzipSync(JSON.stringify({ resourceSpans: batches }), { level: 9 });
}
