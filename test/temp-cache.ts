import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../electron/core/db/open-database.js';

/** The shared upstream samples (real responses of Jaeger, Tempo, Zipkin, Loki, Elasticsearch, OTLP producers). */
export const UPSTREAM = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));

/** A fresh cache file in its own temporary folder; `dispose` closes and deletes it. */
export function tempCache(): { db: Db; dir: string; path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'casefile-test-'));
  const path = join(dir, 'cache.sqlite');
  const db = openDatabase(path);
  return {
    db,
    dir,
    path,
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every table that holds imported data: "the cache as it was" means these are unchanged. */
export function contentCounts(db: Db): Record<string, number> {
  const tables = ['spans', 'logs', 'traces', 'trace_services', 'span_links', 'resources', 'logs_fts'];
  return Object.fromEntries(
    tables.map((table) => [table, (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
  );
}
