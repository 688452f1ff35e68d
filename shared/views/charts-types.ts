import type { NsTime } from '../model.js';

export interface LatencyBucket {
  startNs: NsTime;
  /** Requests (entry spans) starting in the bucket. */
  count: number;
  errors: number;
  /** Nearest-rank percentiles of the bucket's durations; null for an empty bucket. */
  p50Ns: number | null;
  p95Ns: number | null;
  p99Ns: number | null;
}

export interface DurationHeatmap {
  /** Lower bounds (ns) of the log-scale duration rows, ascending; row i spans [bounds[i], bounds[i + 1]). */
  durationBoundsNs: number[];
  /** Non-empty cells: [time bucket index, duration row index, count]. */
  cells: [number, number, number][];
}

export interface VersionMarker {
  version: string;
  /** The first span of the service carrying this service.version (in the whole cache, not just the window). */
  firstNs: NsTime;
}

export interface ServiceCharts {
  service: string;
  operation: string | null;
  /** 'entry': server and consumer spans; 'all': every span, for a service that has no entry spans. */
  basis: 'entry' | 'all';
  bucketNs: number;
  /** The window the buckets cover; null when the service has no spans in it. */
  startNs: NsTime | null;
  endNs: NsTime | null;
  buckets: LatencyBucket[];
  heatmap: DurationHeatmap;
  versions: VersionMarker[];
}
