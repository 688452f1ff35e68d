import { statSync } from 'node:fs';
import type { CasefileInfo, SourceDescription } from '../../../shared/casefile-types.js';
import type { Db } from '../db/open-database.js';
import { formatOf } from './casefile-format.js';

/** What a casefile is and holds, read from an open (read-only) connection. */
export function casefileInfo(db: Db, file: string): CasefileInfo {
  const meta = db.prepare('SELECT * FROM casefile_meta WHERE id = 1').get() as Record<string, unknown> | undefined;
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const windows = (db.prepare('SELECT start_ns, end_ns FROM casefile_windows ORDER BY start_ns').safeIntegers(true).all() as {
    start_ns: bigint;
    end_ns: bigint;
  }[]).map((w) => ({ startNs: w.start_ns.toString(), endNs: w.end_ns.toString() }));
  return {
    file,
    bytes: statSync(file).size,
    formatVersion: formatOf(db.pragma('user_version', { simple: true }) as number).text,
    title: String(meta?.title ?? ''),
    author: String(meta?.author ?? ''),
    createdAt: Number(meta?.created_at ?? 0),
    updatedAt: Number(meta?.updated_at ?? 0),
    evidence: meta?.evidence === 'all-in-window' ? 'all-in-window' : 'looked-at',
    counts: {
      traces: count('traces'),
      spans: count('spans'),
      logs: count('logs'),
      steps: count('casefile_steps'),
      notes: count('casefile_notes'),
      pins: count('casefile_pins'),
    },
    windows,
    sources: db.prepare('SELECT name, kind, url FROM casefile_sources ORDER BY name').all() as SourceDescription[],
  };
}
