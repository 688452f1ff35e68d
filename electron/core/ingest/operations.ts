import type { Db } from '../db/open-database.js';

interface OperationTally {
  service: string;
  name: string;
  spans: number;
  errors: number;
  firstNs: bigint;
  lastNs: bigint;
}

/**
 * Tallies the spans a write adds per service and span name, and merges them into `operations` (migration 14) once
 * at flush, inside the writer's transaction, like service_minutes.
 */
export class Operations {
  private readonly tallies = new Map<string, OperationTally>();

  span(service: string, name: string, startNs: bigint, error: boolean): void {
    const key = `${service}\u0000${name}`;
    const t = this.tallies.get(key);
    if (t === undefined) {
      this.tallies.set(key, { service, name, spans: 1, errors: error ? 1 : 0, firstNs: startNs, lastNs: startNs });
      return;
    }
    t.spans++;
    if (error) t.errors++;
    if (startNs < t.firstNs) t.firstNs = startNs;
    if (startNs > t.lastNs) t.lastNs = startNs;
  }

  flush(db: Db): void {
    if (this.tallies.size === 0) return;
    const upsert = db.prepare(
      `INSERT INTO operations (service, name, spans, errors, first_ns, last_ns)
       VALUES (@service, @name, @spans, @errors, @firstNs, @lastNs)
       ON CONFLICT (service, name) DO UPDATE SET
         spans = spans + excluded.spans,
         errors = errors + excluded.errors,
         first_ns = min(first_ns, excluded.first_ns),
         last_ns = max(last_ns, excluded.last_ns)`,
    );
    for (const t of this.tallies.values()) upsert.run(t);
    this.tallies.clear();
  }
}

/** Recounts `operations` from the rows, for files whose spans arrived other than through the writer (a casefile). */
export function rebuildOperations(db: Db): void {
  db.exec(`
DELETE FROM operations;
INSERT INTO operations (service, name, spans, errors, first_ns, last_ns)
  SELECT service, name, count(*), sum(status_code = 2), min(start_ns), max(start_ns) FROM spans GROUP BY 1, 2;
`);
}
