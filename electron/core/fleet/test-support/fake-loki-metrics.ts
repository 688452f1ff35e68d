import { sendJson, type Handle } from '../../sources/test-support/loopback.js';
import type { FleetModel } from './fleet-model.js';

/** Log lines a service writes per request, and per failed request (an error line). */
const LINES_PER_REQUEST = 0.3;

/**
 * Loki holding the fleet model's log lines, answering the LogQL metric queries Casefile asks (loki-aggregates.ts) as
 * Loki does: a matrix of count_over_time per service_name, each point at the end of its range, with Loki's stats and
 * status. It reads start/end as ns and step as seconds; another query gets Loki's own 400 parse error.
 */
export function fakeLokiMetrics(model: FleetModel, startSeconds: number, stepSeconds: number): Handle {
  return (req, res) => {
    if (req.path === '/loki/api/v1/labels') return sendJson(res, 200, { status: 'success', data: ['service_name', 'level'] });
    if (req.path !== '/loki/api/v1/query_range') return sendJson(res, 404, { message: 'not found' });
    const query = req.query.get('query') ?? '';
    const all = /^sum by \(service_name\) \(count_over_time\(\{service_name=~"\.\+"\} \[(\d+)s\]\)\)$/.test(query);
    const errors = /^sum by \(service_name\) \(count_over_time\(\{service_name=~"\.\+"\} \| level=~".*" or detected_level=~".*" \[(\d+)s\]\)\)$/.test(query);
    const start = Number(req.query.get('start')) / 1e9;
    const end = Number(req.query.get('end')) / 1e9;
    const step = Number(req.query.get('step'));
    if ((!all && !errors) || !Number.isFinite(start) || !Number.isFinite(end) || !(step > 0)) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`parse error : syntax error: unexpected ${JSON.stringify(query.slice(0, 20))}`);
      return;
    }
    const times: number[] = [];
    for (let t = start; t <= end + 1e-6; t += step) times.push(t);
    const result = model.names.map((service, s) => ({
      metric: { service_name: service },
      values: times.flatMap((t) => {
        const bucket = Math.round((t - startSeconds) / stepSeconds) - 1;
        if (bucket < 0 || bucket >= model.buckets) return [];
        const count = errors ? model.errors[bucket]![s]! * stepSeconds : model.rate[bucket]![s]! * stepSeconds * LINES_PER_REQUEST;
        return Math.round(count) === 0 ? [] : [[t, String(Math.round(count))]];
      }),
    }));
    sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result: result.filter((r) => r.values.length > 0), stats: { summary: { totalLinesProcessed: 0 } } } });
  };
}
