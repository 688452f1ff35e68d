import type { LatencyBucket, ServiceCharts } from '../../../shared/views/charts-types.js';
import { durationBucketIndex, durationBucketLowerNs, latencyPercentiles } from '../../../shared/views/latency-stats.js';
import { alignDown, bucketCount, chooseBucketNs } from '../../../shared/views/time-buckets.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';
import { serviceVersions } from './service-versions.js';

export interface ChartsRequest {
  service: string;
  operation?: string;
  startNs?: string;
  endNs?: string;
  maxBuckets: number;
}

/** Fewest requests a bucket should hold on average, and fewest buckets however sparse the data. */
const MIN_PER_BUCKET = 10;
const MIN_BUCKETS = 12;

/** Server and consumer spans: the requests a service handles, as opposed to the calls it makes. */
const ENTRY = 'kind IN (2, 5)';

/**
 * RED charts of one service (or one of its operations) over time: latency percentiles, a duration heatmap, request
 * and error counts per bucket, and where each service.version first appeared. SQL buckets the spans; the exact
 * percentiles are computed here over each bucket's durations.
 */
export function serviceCharts(db: Db, request: ChartsRequest): ServiceCharts {
  const params: Record<string, unknown> = {
    service: request.service,
    operation: request.operation ?? null,
    start: nsBound(request.startNs, MIN_NS),
    end: nsBound(request.endNs, MAX_NS),
  };
  const operation = request.operation === undefined ? '' : 'AND name = @operation';
  const hasEntry = db.prepare(`SELECT 1 FROM spans WHERE service = @service ${operation} AND ${ENTRY} LIMIT 1`).get(params) !== undefined;
  const basis = hasEntry ? 'entry' : 'all';
  const where = `service = @service AND start_ns BETWEEN @start AND @end ${operation} ${hasEntry ? `AND ${ENTRY}` : ''}`;
  const versions = serviceVersions(db, request.service);
  const result: ServiceCharts = {
    service: request.service,
    operation: request.operation ?? null,
    basis,
    bucketNs: 1,
    startNs: null,
    endNs: null,
    buckets: [],
    heatmap: { durationBoundsNs: [], cells: [] },
    versions,
  };
  const edge = (fn: 'min' | 'max') =>
    db.prepare(`SELECT ${fn}(start_ns) FROM spans WHERE ${where}`).safeIntegers(true).pluck().get(params) as bigint | null;
  const start = request.startNs !== undefined ? BigInt(request.startNs) : edge('min');
  const end = request.endNs !== undefined ? BigInt(request.endNs) : edge('max');
  if (start === null || end === null || end < start) return result;

  // Offsets from the window start and durations fit a double exactly (2^53 ns is 104 days): no BigInt per row.
  const rows = db
    .prepare(`SELECT start_ns - @start, max(end_ns - start_ns, 0), status_code = 2 FROM spans WHERE ${where}`)
    .raw(true)
    .all({ ...params, start }) as [number, number, number][];
  // A percentile over three requests is noise: buckets are widened until each holds MIN_PER_BUCKET on average.
  const wanted = Math.max(MIN_BUCKETS, Math.floor(rows.length / MIN_PER_BUCKET));
  const bucketNs = chooseBucketNs(start, end, Math.min(wanted, request.maxBuckets));
  const origin = alignDown(start, bucketNs);
  const count = bucketCount(start, end, bucketNs);
  const lead = Number(start - origin);

  const durations: number[][] = Array.from({ length: count }, () => []);
  const errors = new Array<number>(count).fill(0);
  const cells = new Map<number, number>();
  let minRow = Infinity;
  let maxRow = -Infinity;
  for (const [offset, duration, isError] of rows) {
    const index = Math.floor((lead + offset) / bucketNs);
    const list = durations[index];
    if (list === undefined) continue;
    list.push(duration);
    if (isError) errors[index]!++;
    const row = durationBucketIndex(duration);
    minRow = Math.min(minRow, row);
    maxRow = Math.max(maxRow, row);
    const key = index * 1024 + row;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const buckets = durations.map((list, i): LatencyBucket => ({
    startNs: (origin + BigInt(i) * BigInt(bucketNs)).toString(),
    count: list.length,
    errors: errors[i]!,
    ...latencyPercentiles(list),
  }));
  const heatmap =
    rows.length === 0
      ? result.heatmap
      : {
          durationBoundsNs: Array.from({ length: maxRow - minRow + 2 }, (_, i) => durationBucketLowerNs(minRow + i)),
          cells: [...cells].map(([key, n]): [number, number, number] => [Math.floor(key / 1024), (key % 1024) - minRow, n]),
        };
  return { ...result, bucketNs, startNs: start.toString(), endNs: end.toString(), buckets, heatmap };
}
