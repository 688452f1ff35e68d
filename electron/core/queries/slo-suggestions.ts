import { suggestSlo } from '../../../shared/slo/suggest.js';
import type { SloSuggestion } from '../../../shared/slo/types.js';
import { latencyPercentiles } from '../../../shared/views/latency-stats.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';

/** The busiest flows (server and consumer spans per service and operation) with objectives they meet today. */
export function sloSuggestions(db: Db, window: { startNs?: string; endNs?: string }, limit: number): SloSuggestion[] {
  const start = nsBound(window.startNs, MIN_NS);
  const end = nsBound(window.endNs, MAX_NS);
  const flows = db
    .prepare(
      `SELECT service, name, count(*) AS requests, sum(status_code = 2) AS errors FROM spans
       WHERE kind IN (2, 5) AND start_ns BETWEEN ? AND ? GROUP BY service, name ORDER BY requests DESC LIMIT ?`,
    )
    .all(start, end, limit) as { service: string; name: string; requests: number; errors: number }[];
  const durations = db
    .prepare('SELECT max(end_ns - start_ns, 0) FROM spans WHERE service = ? AND name = ? AND kind IN (2, 5) AND start_ns BETWEEN ? AND ?')
    .pluck();
  return flows.map((flow) => {
    const p99 = latencyPercentiles(durations.all(flow.service, flow.name, start, end) as number[]).p99Ns ?? 0;
    return suggestSlo({ service: flow.service, operation: flow.name, requests: flow.requests, errors: flow.errors, p99Ns: p99 });
  });
}
