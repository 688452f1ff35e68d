import { sendJson, type Handle } from '../../sources/test-support/loopback.js';
import type { FleetModel } from './fleet-model.js';
import { serviceSeries } from './model-series.js';

/**
 * jaeger-query with its monitor on, over the fleet model (as span metrics in its Prometheus): /api/services and
 * /api/metrics/calls|errors|latencies answering MetricFamily JSON with RFC 3339 timestamps, reading endTs, lookback,
 * step and ratePer as integer ms (strconv.ParseInt) and `service` repeated, as query_parser.go does; a parameter it
 * cannot parse gets jaeger-query's own 400.
 */
export function fakeJaegerMonitor(model: FleetModel, startMs: number, stepMs: number, seen: URLSearchParams[] = []): Handle {
  const index = new Map(model.names.map((name, i) => [name, i]));
  const cached = new Map<string, ReturnType<typeof serviceSeries>>();
  const seriesOf = (metric: 'rate' | 'errors' | 'p50' | 'p95' | 'p99') => {
    if (!cached.has(metric)) cached.set(metric, serviceSeries(model, metric));
    return cached.get(metric)!;
  };
  return (req, res) => {
    if (req.path === '/api/services') return sendJson(res, 200, { data: model.names, total: model.names.length, limit: 0, offset: 0, errors: null });
    const kind = /^\/api\/metrics\/(calls|errors|latencies)$/.exec(req.path)?.[1];
    if (kind === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    seen.push(req.query);
    for (const name of ['endTs', 'lookback', 'step', 'ratePer']) {
      const value = req.query.get(name);
      if (value !== null && !/^\d+$/.test(value)) return sendJson(res, 400, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: `unable to parse param '${name}': strconv.ParseInt: parsing "${value}": invalid syntax` }] });
    }
    const services = req.query.getAll('service');
    if (services.length === 0) return sendJson(res, 400, { errors: [{ code: 400, msg: "unable to parse param 'service': please provide at least one service name" }] });
    const endTs = Number(req.query.get('endTs'));
    const step = Number(req.query.get('step'));
    const start = endTs - Number(req.query.get('lookback'));
    const quantile = req.query.get('quantile');
    const metric = kind === 'calls' ? 'rate' : kind === 'errors' ? 'errors' : quantile === '0.5' ? 'p50' : quantile === '0.99' ? 'p99' : 'p95';
    const rates = seriesOf('rate');
    const metrics = services.flatMap((service) => {
      const s = index.get(service);
      if (s === undefined) return [];
      const values = seriesOf(metric)[s]!.values;
      const metricPoints = [];
      for (let t = start; t <= endTs; t += step) {
        const bucket = Math.round((t - startMs) / stepMs) - 1;
        if (bucket < 0 || bucket >= model.buckets) continue;
        const v = values[bucket] ?? null;
        // The monitor answers errors as a share of calls.
        const doubleValue = v === null ? null : metric === 'errors' ? v / Math.max(rates[s]!.values[bucket] ?? 1, 1e-9) : v;
        metricPoints.push({ gaugeValue: { doubleValue }, timestamp: new Date(t).toISOString() });
      }
      return [{ labels: [{ name: 'service_name', value: service }], metricPoints }];
    });
    const name = kind === 'calls' ? 'service_call_rate' : kind === 'errors' ? 'service_error_rate' : 'service_latencies';
    sendJson(res, 200, { name, type: 'GAUGE', help: name, metrics });
  };
}
