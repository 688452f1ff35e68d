import type { AttributeKeyList } from '../../../shared/nav-types.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';

/** Spans read for key suggestions: enough to see every key a service sets, cheap enough to run per keystroke. */
const SAMPLE_SPANS = 5000;

/**
 * The attribute keys on the most recent spans in the window (of `service`, if given) and on their resources, most
 * common first. A sample, not a census: suggestions while typing a group-by key need the common keys, fast.
 */
export function attributeKeys(db: Db, search: { service?: string; startNs?: string; endNs?: string; limit: number }): AttributeKeyList {
  const serviceFilter = search.service === undefined ? '' : 'AND service = @service';
  const params = {
    start: nsBound(search.startNs, MIN_NS),
    end: nsBound(search.endNs, MAX_NS),
    sample: SAMPLE_SPANS,
    ...(search.service === undefined ? {} : { service: search.service }),
  };
  const sample = `SELECT attributes, resource_hash FROM spans WHERE start_ns BETWEEN @start AND @end ${serviceFilter}
                  ORDER BY start_ns DESC LIMIT @sample`;
  const sampled = db.prepare(`SELECT count(*) FROM (${sample})`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `WITH sample AS (${sample})
       SELECT key, sum(n) AS spans FROM (
         SELECT j.key AS key, count(*) AS n FROM sample s, json_each(s.attributes) j GROUP BY j.key
         UNION ALL
         SELECT j.key, r.n FROM (SELECT resource_hash, count(*) AS n FROM sample GROUP BY resource_hash) r
           JOIN resources res ON res.hash = r.resource_hash, json_each(res.attributes) j
       ) GROUP BY key ORDER BY spans DESC, key LIMIT @limit`,
    )
    .all({ ...params, limit: search.limit }) as { key: string; spans: number }[];
  return { keys: rows, sampled };
}
