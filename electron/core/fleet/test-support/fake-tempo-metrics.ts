import { sendJson, type Handle } from '../../sources/test-support/loopback.js';
import type { FleetModel } from './fleet-model.js';
import { serviceSeries } from './model-series.js';

export interface FakeTempoMetricsOptions {
  /** Stamp each sample with its interval's end (newer Tempo) rather than its start. */
  stampAtEnd?: boolean;
  /** Answer `status: PARTIAL` with this message, as Tempo does when a limit cut the series. */
  partial?: string;
  seen?: URLSearchParams[];
}

const TEMPO_PARSE_ERROR = 'invalid TraceQL query: parse error at line 1, col 1: syntax error: unexpected IDENTIFIER';

/**
 * Tempo's query-frontend answering TraceQL metrics over the fleet model: rate() of server/consumer spans and of
 * those in error, and quantile_over_time(duration) in seconds with a `p` label, by resource.service.name. start/end
 * are read as unix seconds and step as a Go duration; the answer is tempopb's QueryRangeResponse as gogo jsonpb
 * writes it (timestampMs a string, a zero value left out). Any other query gets Tempo's 400 parse error as text.
 */
export function fakeTempoMetrics(model: FleetModel, startSeconds: number, stepSeconds: number, options: FakeTempoMetricsOptions = {}): Handle {
  const cache = new Map<string, ReturnType<typeof serviceSeries>>();
  const seriesOf = (metric: 'rate' | 'errors' | 'p50' | 'p95' | 'p99') => {
    if (!cache.has(metric)) cache.set(metric, serviceSeries(model, metric));
    return cache.get(metric)!;
  };
  return (req, res) => {
    // What Casefile's connection test asks: Tempo's search tags (FORMATS.md §4).
    if (req.path === '/api/search/tags') return sendJson(res, 200, { tagNames: ['http.method', 'service.name'], metrics: { inspectedBytes: '0' } });
    if (req.path !== '/api/metrics/query_range') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    options.seen?.push(req.query);
    const q = req.query.get('q') ?? '';
    const start = Number(req.query.get('start'));
    const end = Number(req.query.get('end'));
    const step = /^(\d+)s$/.exec(req.query.get('step') ?? '')?.[1];
    const shape = /^\{ (\(?kind = server \|\| kind = consumer\)?)( && status = error)? \} \| (rate\(\)|quantile_over_time\(duration, 0\.5, 0\.95, 0\.99\)) by \(resource\.service\.name\)$/.exec(q);
    if (shape === null || !Number.isInteger(start) || !Number.isInteger(end) || step === undefined) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(TEMPO_PARSE_ERROR);
      return;
    }
    const errors = shape[2] !== undefined;
    const asked: ('rate' | 'errors' | 'p50' | 'p95' | 'p99')[] = shape[3] === 'rate()' ? [errors ? 'errors' : 'rate'] : ['p50', 'p95', 'p99'];
    const times: number[] = [];
    const stepS = Number(step);
    for (let t = start; t < end; t += stepS) times.push(t);
    const series = asked.flatMap((metric) =>
      seriesOf(metric).map((s) => {
        const p = metric === 'rate' || metric === 'errors' ? [] : [{ key: 'p', value: { doubleValue: Number(`0.${metric.slice(1)}`) } }];
        const labels = [{ key: 'resource.service.name', value: { stringValue: s.service } }, ...p];
        const samples = times.flatMap((t) => {
          const bucket = Math.round((t - startSeconds) / stepSeconds);
          const v = s.values[bucket];
          if (v === undefined || v === null) return [];
          const value = metric === 'rate' || metric === 'errors' ? v : v / 1000;
          const timestampMs = String((options.stampAtEnd ? t + stepS : t) * 1000);
          return [value === 0 ? { timestampMs } : { timestampMs, value }];
        });
        return { labels, promLabels: `{resource.service.name="${s.service}"}`, samples, exemplars: [] };
      }),
    );
    const metrics = { inspectedBytes: '1048576', totalJobs: 4, completedJobs: 4, totalBlocks: 2, totalBlockBytes: '2097152' };
    sendJson(res, 200, options.partial === undefined ? { series, metrics } : { series, metrics, status: 'PARTIAL', message: options.partial });
  };
}
