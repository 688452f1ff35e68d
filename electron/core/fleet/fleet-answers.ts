import type { FleetAggregates, FleetReport } from '../../../shared/fleet/types.js';
import type { Db } from '../db/open-database.js';
import { readAggregates, type SeriesFilter } from '../sources/aggregate-ledger.js';

/**
 * The cached fleet answers a report rests on: the aggregates pulls asked for, or the newest successful one of each
 * source. Answers over the same buckets are merged (the first answer's series win where two sources have the same
 * one); an answer over other buckets cannot be lined up and is left out.
 */
export interface FleetAnswers {
  merged: FleetAggregates;
  sources: FleetReport['sources'];
}

export function fleetAnswers(db: Db, loadIds?: readonly number[], filter: SeriesFilter = {}): FleetAnswers | null {
  const ids = fleetAnswerIds(db, loadIds);
  const answers = ids.flatMap((id) => {
    const answer = readAggregates(db, id, filter);
    return answer === null ? [] : [{ id, answer }];
  });
  const first = answers[0]?.answer;
  if (first === undefined) return null;
  const lined = answers.filter(({ answer: a }) => a.startNs === first.startNs && a.stepNs === first.stepNs && a.buckets === first.buckets);
  const fetched = db.prepare('SELECT finished_at FROM loads WHERE id = ?').pluck();
  return {
    merged: { ...first, source: lined.map((a) => a.answer.source).join('+'), events: lined.reduce((n, a) => n + a.answer.events, 0), series: lined.flatMap((a) => a.answer.series) },
    sources: lined.map(({ id, answer }) => ({ name: answer.source, events: answer.events, fetchedAt: (fetched.get(id) as number | null | undefined) ?? null })),
  };
}

/** The answers asked for, or else the newest successful one of each source, newest first. */
export function fleetAnswerIds(db: Db, loadIds: readonly number[] | undefined): readonly number[] {
  return loadIds ?? newestPerSource(db);
}

function newestPerSource(db: Db): number[] {
  const rows = db
    .prepare(
      `SELECT max(p.load_id) AS id FROM aggregate_pulls p JOIN loads l ON l.id = p.load_id
       WHERE l.status = 'done' GROUP BY p.source ORDER BY id DESC`,
    )
    .pluck()
    .all() as number[];
  // The newest answer leads: its buckets are the ones the others must match.
  return rows;
}
