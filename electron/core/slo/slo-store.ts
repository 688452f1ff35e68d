import { sloDefinition, type SloDefinition } from '../../../shared/slo/types.js';
import type { Db } from '../db/open-database.js';
import type { WriteQueue } from '../db/write-queue.js';
import { SloMinutes } from './slo-minutes.js';

type SpanColumns = [kind: number, hasParent: number, startNs: bigint, endNs: bigint, statusCode: number, attributes: string, name: string, traceState: string | null];

/**
 * SLO definitions in the cache (so casefiles carry them), written through the write queue like every other write.
 * Saving one fills its minutes from the spans already cached; from then on the writer keeps them.
 */
export class SloStore {
  constructor(
    private readonly db: Db,
    private readonly writeDb: Db,
    private readonly writes: WriteQueue,
  ) {}

  list(): SloDefinition[] {
    return readSlos(this.db);
  }

  get(name: string): SloDefinition | undefined {
    const text = this.db.prepare('SELECT definition FROM slos WHERE name = ?').pluck().get(name) as string | undefined;
    return text === undefined ? undefined : sloDefinition.parse(JSON.parse(text));
  }

  save(slo: SloDefinition): Promise<SloDefinition> {
    return this.writes.run(() => {
      const db = this.writeDb;
      db.transaction(() => {
        const now = Date.now();
        db.prepare(
          `INSERT INTO slos (name, service, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET service = excluded.service, definition = excluded.definition, updated_at = excluded.updated_at`,
        ).run(slo.name, slo.service, JSON.stringify(slo), now, now);
        db.prepare('DELETE FROM slo_minutes WHERE slo = ?').run(slo.name);
        backfill(db, slo);
      })();
      return slo;
    });
  }

  remove(name: string): Promise<boolean> {
    return this.writes.run(() => this.writeDb.prepare('DELETE FROM slos WHERE name = ?').run(name).changes > 0);
  }
}

/** The SLOs kept in `db` (a cache, or a casefile, which carries the cache's SLOs). */
export function readSlos(db: Db): SloDefinition[] {
  const rows = db.prepare('SELECT definition FROM slos ORDER BY name').pluck().all() as string[];
  return rows.map((text) => sloDefinition.parse(JSON.parse(text)));
}

/** Tallies the SLO's cached spans: the same classification the writer applies to new ones. */
function backfill(db: Db, slo: SloDefinition): void {
  const minutes = new SloMinutes([slo]);
  const rows = db
    .prepare(
      `SELECT kind, parent_id IS NOT NULL, start_ns, end_ns, status_code, attributes, name, trace_state FROM spans
       WHERE service = ? AND (kind IN (2, 5) OR parent_id IS NULL) ${slo.operation === undefined ? '' : 'AND name = ?'}`,
    )
    .raw(true)
    .safeIntegers(true);
  const params = slo.operation === undefined ? [slo.service] : [slo.service, slo.operation];
  for (const row of rows.iterate(...params) as IterableIterator<SpanColumns>) {
    const [kind, hasParent, startNs, endNs, statusCode, attributes, name, traceState] = row;
    minutes.span({ service: slo.service, name, kind: Number(kind), hasParent: Number(hasParent) === 1, startNs, endNs, statusCode: Number(statusCode), attributes, traceState });
  }
  minutes.flush(db);
}

/** Recounts every SLO's minutes from the spans in `db`: for a file whose spans were copied in, not written. */
export function refillSloMinutes(db: Db): void {
  db.exec('DELETE FROM slo_minutes');
  for (const slo of readSlos(db)) backfill(db, slo);
}
