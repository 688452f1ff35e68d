import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../electron/core/db/open-database.js';
import { ImportError, importFile } from '../../electron/core/ingest/import-file.js';
import { contentCounts, tempCache } from '../temp-cache.js';
import { FORMATS, type FuzzFormat } from './bases.js';
import { makeInput } from './mutations.js';
import { Rng } from './rng.js';

/**
 * Imports seeded, mutated files through the real importer into a real temporary cache and checks what must hold
 * whatever the input: no crash, no hang, the cache intact (SQLite and FTS5 integrity checks after each batch), no
 * rows from a failed import, and every refusal naming the file and a byte offset in words.
 */
export interface FuzzOptions {
  seed: number;
  perFormat: number;
  formats?: readonly FuzzFormat[];
  /** Run only this input index of each format (to reproduce one failure). */
  only?: number;
  batchSize?: number;
  /**
   * An import slower than this is a hang: it is cancelled and reported. Generous, because the slowest honest input (a
   * gzip bomb of `{},{},…`, refused after 16 MiB, ~3 s alone) took 30 s on a machine shared by eight engineers.
   */
  timeoutMs?: number;
  onBatch?: (format: FuzzFormat, done: number) => void;
  /** Called when a format's inputs are all done, with its figures. */
  onFormat?: (format: FuzzFormat, figures: FormatFigures) => void;
}

export interface FuzzViolation {
  format: FuzzFormat;
  index: number;
  mutations: string[];
  problem: string;
}

export interface FormatFigures {
  inputs: number;
  accepted: number;
  refused: number;
  ms: number;
  slowestMs: number;
  slowest: string;
}

export interface FuzzReport {
  seed: number;
  figures: Record<string, FormatFigures>;
  violations: FuzzViolation[];
  /** How often each mutation was applied, over all formats. */
  mutations: Record<string, number>;
}

/** What the internals say when they leak: a refusal must never read like this. */
const INTERNAL = /undefined undefined|is not a function|Cannot read propert|is not valid JSON|at position \d|Z_[A-Z_]+|Maximum call stack|\[object Object\]/;

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { seed, perFormat, batchSize = 250, timeoutMs = 60_000 } = options;
  const cache = tempCache();
  const report: FuzzReport = { seed, figures: {}, violations: [], mutations: {} };
  try {
    for (const format of options.formats ?? FORMATS) {
      const figures: FormatFigures = { inputs: 0, accepted: 0, refused: 0, ms: 0, slowestMs: 0, slowest: '' };
      report.figures[format] = figures;
      let counts = contentCounts(cache.db);
      const indexes = options.only === undefined ? Array.from({ length: perFormat }, (_, i) => i) : [options.only];
      for (let start = 0; start < indexes.length; start += batchSize) {
        for (const index of indexes.slice(start, start + batchSize)) {
          const input = makeInput(format, Rng.forInput(seed, format, index));
          for (const mutation of input.mutations) {
            const kind = mutation.replace(/ \(.*\)$/, '');
            report.mutations[kind] = (report.mutations[kind] ?? 0) + 1;
          }
          const name = `${format}-${index}.json${input.gzip ? '.gz' : ''}`;
          const path = join(cache.dir, name);
          writeFileSync(path, input.bytes);
          const violation = (problem: string) => report.violations.push({ format, index, mutations: input.mutations, problem });
          const outcome = await importOne(cache.db, path, name, timeoutMs, counts);
          counts = outcome.counts;
          figures.inputs++;
          figures.ms += outcome.ms;
          if (outcome.ms > figures.slowestMs) {
            figures.slowestMs = outcome.ms;
            figures.slowest = `#${index} ${input.mutations.join(', ')}`;
          }
          if (outcome.accepted) figures.accepted++;
          else figures.refused++;
          if (outcome.problem !== null) violation(outcome.problem);
        }
        const broken = checkCache(cache.db);
        if (broken !== null) {
          report.violations.push({ format, index: indexes[start]!, mutations: ['(batch)'], problem: broken });
          return report;
        }
        options.onBatch?.(format, Math.min(start + batchSize, indexes.length));
      }
      options.onFormat?.(format, figures);
    }
  } finally {
    cache.dispose();
  }
  return report;
}

interface Outcome {
  accepted: boolean;
  /** The cache's row counts after this import, the "before" of the next. */
  counts: Record<string, number>;
  ms: number;
  problem: string | null;
}

async function importOne(db: Db, path: string, name: string, timeoutMs: number, before: Record<string, number>): Promise<Outcome> {
  const started = performance.now();
  try {
    await importFile(db, path, { signal: AbortSignal.timeout(timeoutMs) });
    return { accepted: true, ms: performance.now() - started, problem: null, counts: contentCounts(db) };
  } catch (error) {
    const ms = performance.now() - started;
    const counts = contentCounts(db);
    if (!(error instanceof ImportError)) return { accepted: false, ms, problem: `crash: ${String(error)}`, counts };
    const message = error.message;
    let problem: string | null = null;
    if (/import cancelled/.test(message)) problem = `hang: no answer within ${timeoutMs} ms`;
    else if (/the parser stopped/.test(message)) problem = `crash of the parsing thread: ${message}`;
    else if (!message.startsWith(`${name}: byte `) || error.offset === null) problem = `error without the file and a byte offset: ${message}`;
    else if (INTERNAL.test(message)) problem = `internal error leaked: ${message.slice(0, 300)}`;
    else if (JSON.stringify(counts) !== JSON.stringify(before)) problem = `rows kept from a failed import: ${message.slice(0, 200)}`;
    return { accepted: false, ms, problem, counts };
  }
}

/** The cache must stay whole whatever was thrown at it: null when it is. */
function checkCache(db: Db): string | null {
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') return `PRAGMA integrity_check: ${String(integrity)}`;
  try {
    db.exec("INSERT INTO logs_fts(logs_fts) VALUES ('integrity-check')");
  } catch (error) {
    return `FTS5 integrity-check: ${(error as Error).message}`;
  }
  const failed = "(SELECT id FROM loads WHERE status = 'failed')";
  const orphans = db.prepare(`SELECT (SELECT count(*) FROM spans WHERE load_id IN ${failed}) + (SELECT count(*) FROM logs WHERE load_id IN ${failed}) AS n`).get() as { n: number };
  if (orphans.n > 0) return `${orphans.n} rows belong to failed loads`;
  return null;
}
