import { SEVERITY_BANDS, type LogHistogram, type LogHistogramBucket } from '../../../shared/views/logs-types.js';
import { alignDown, bucketCount, chooseBucketNs } from '../../../shared/views/time-buckets.js';
import type { Db } from '../db/open-database.js';
import { fewMatches } from './correlated-logs.js';
import { resolveLogScope, unionOfBranches, type LogFilter, type LogScope } from './log-scope.js';

/** A text histogram counts at most this many matches (the most recently stored): ~0.3 s at 10M logs. */
export const HISTOGRAM_TEXT_CAP = 100_000;

const BAND = 'CASE WHEN l.severity_number BETWEEN 1 AND 24 THEN (l.severity_number - 1) / 4 + 1 ELSE 0 END';

/**
 * Log counts per time bucket and severity band for the same filter as the list. The bucket width follows the
 * window: the one given, else the first and last matching log. Without text, a service window is counted from the
 * (service, time, severity) index alone.
 */
export function logHistogram(db: Db, filter: LogFilter, maxBuckets: number): LogHistogram {
  const scope = resolveLogScope(db, filter);
  const empty = (bucketNs: number): LogHistogram => ({ bucketNs, startNs: null, endNs: null, buckets: [], total: 0, truncated: false, subject: null });
  if (scope === null) return empty(1);
  const subject = scope.subject === null ? null : { startNs: scope.subject.startNs.toString(), endNs: scope.subject.endNs.toString() };
  const window = histogramWindow(db, scope, filter);
  if (window === null) return { ...empty(1), subject };
  const bucketNs = chooseBucketNs(window.start, window.end, maxBuckets);
  const origin = alignDown(window.start, bucketNs);
  const count = bucketCount(window.start, window.end, bucketNs);
  const params = { ...scope.params, origin, bucket: BigInt(bucketNs), start: window.start, end: window.end };
  const capped = scope.kind === 'stream' && scope.match !== null && !fewMatches(db, scope.match);
  const rows = db.prepare(countSql(scope, capped)).raw(true).all({ ...params, ...(capped ? { cap: HISTOGRAM_TEXT_CAP } : {}) }) as [number, number, number][];
  const buckets: LogHistogramBucket[] = Array.from({ length: count }, (_, i) => ({
    startNs: (origin + BigInt(i) * BigInt(bucketNs)).toString(),
    counts: SEVERITY_BANDS.map(() => 0),
  }));
  let total = 0;
  for (const [index, band, n] of rows) {
    const bucket = buckets[index];
    if (bucket === undefined) continue;
    bucket.counts[band] = (bucket.counts[band] ?? 0) + n;
    total += n;
  }
  return { bucketNs, startNs: window.start.toString(), endNs: window.end.toString(), buckets, total, truncated: capped && total >= HISTOGRAM_TEXT_CAP, subject };
}

function countSql(scope: LogScope, capped: boolean): string {
  const columns = `(l.time_ns - @origin) / @bucket AS b, ${BAND} AS band`;
  if (scope.kind === 'stream' && scope.match !== null) {
    const where = scope.branches[0]!.where.join(' AND ');
    const limit = capped ? 'ORDER BY f.rowid DESC LIMIT @cap' : '';
    return `SELECT b, band, count(*) FROM (
              SELECT ${columns} FROM logs_fts f CROSS JOIN logs l ON l.id = f.rowid WHERE logs_fts MATCH @match AND ${where} ${limit}
            ) GROUP BY b, band`;
  }
  return `SELECT b, band, count(*) FROM (${unionOfBranches(scope, () => columns)}) GROUP BY b, band`;
}

/**
 * The window to bucket: the filter's, completed from the data. min() and max() are separate statements because
 * SQLite answers a lone min or max from the index edge, but scans for both at once.
 */
function histogramWindow(db: Db, scope: LogScope, filter: LogFilter): { start: bigint; end: bigint } | null {
  if (filter.startNs !== undefined && filter.endNs !== undefined) return { start: BigInt(filter.startNs), end: BigInt(filter.endNs) };
  let source: string;
  if (scope.kind === 'subject') source = `(${unionOfBranches(scope, () => 'l.time_ns')})`;
  else source = `(SELECT l.time_ns FROM logs l WHERE ${scope.branches[0]!.where.filter((w) => !w.includes('severity')).join(' AND ')})`;
  const edge = (fn: 'min' | 'max') =>
    (db.prepare(`SELECT ${fn}(time_ns) FROM ${source}`).safeIntegers(true).pluck().get(scope.params) as bigint | null) ?? null;
  let start = filter.startNs !== undefined ? BigInt(filter.startNs) : edge('min');
  let end = filter.endNs !== undefined ? BigInt(filter.endNs) : edge('max');
  if (start === null || end === null || end < start) return null;
  // The span (or trace) is shown whole, so the logs can be seen against its interval.
  const subject = scope.subject;
  if (subject !== null && filter.startNs === undefined && subject.startNs < start) start = subject.startNs;
  if (subject !== null && filter.endNs === undefined && subject.endNs > end) end = subject.endNs;
  // A lone log (or a 1 ms span) would get microsecond buckets on an axis no chart can label: widen it, centred.
  if (end - start < MIN_WINDOW_NS) {
    const pad = (MIN_WINDOW_NS - (end - start)) / 2n;
    start -= pad;
    end += pad;
  }
  return { start, end };
}

/** The narrowest window a histogram covers. */
const MIN_WINDOW_NS = 20_000_000n;
