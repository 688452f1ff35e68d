import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { sendJson, type Handle, type Served } from '../../sources/test-support/loopback.js';
import type { FleetModel } from './fleet-model.js';
import { edgeSeries, serviceSeries, type ModelSeries } from './model-series.js';

/**
 * A Prometheus holding the fleet model's span metrics (as the Collector's spanmetrics and servicegraph connectors
 * write them, FORMATS.md §8), answering the real endpoints in the real envelope: label values and query_range
 * matrices with values as strings ("NaN" where a histogram was empty). It reads start/end/step as Prometheus does
 * (unix seconds, fractional allowed) and evaluates the expressions Casefile sends: an expression it does not know
 * gets Prometheus's own 400 bad_data, so a change in the PromQL fails the tests rather than passing unnoticed.
 */
export interface FakePrometheusOptions {
  model: FleetModel;
  /** Where the model's bucket 0 starts, unix seconds; each bucket is `stepSeconds` long. */
  startSeconds: number;
  stepSeconds: number;
}

const CALLS = 'traces_span_metrics_calls_total';
const LATENCY = 'traces_span_metrics_duration_milliseconds_bucket';

export function fakePrometheus(options: FakePrometheusOptions): Handle {
  const { model } = options;
  const cache = new Map<string, ModelSeries[]>();
  // The same question gets the same bytes: a benchmark measures Casefile, not the fake's JSON encoding or gzip.
  const bodies = new Map<string, Body>();
  const seriesOf = (key: string, make: () => ModelSeries[]) => {
    let found = cache.get(key);
    if (found === undefined) cache.set(key, (found = make()));
    return found;
  };
  return (req: Served, res) => {
    const label = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(req.path);
    if (req.method === 'GET' && label !== null) {
      const name = decodeURIComponent(label[1]!);
      if (name === '__name__') return ok(res, [CALLS, LATENCY, 'traces_service_graph_request_total', 'traces_service_graph_request_failed_total']);
      if (name === 'service_name') return ok(res, [...model.names].sort());
      if (name === 'span_name') return ok(res, ['GET /', 'POST /work']);
      return ok(res, []);
    }
    if (req.path !== '/api/v1/query_range') return sendJson(res, 404, { status: 'error', errorType: 'not_found', error: `no route ${req.path}` });
    const start = Number(req.query.get('start'));
    const end = Number(req.query.get('end'));
    const step = Number(req.query.get('step'));
    if (![start, end, step].every(Number.isFinite) || step <= 0 || end < start) {
      return badData(res, `invalid parameter "start"/"end"/"step": ${req.query.get('start')} ${req.query.get('end')} ${req.query.get('step')}`);
    }
    const query = req.query.get('query') ?? '';
    const key = `${query}|${start}|${end}|${step}`;
    const known = bodies.get(key);
    if (known !== undefined) return sendBody(req, res, known);
    const picked = expression(query);
    if (picked === null) return badData(res, `1:1: parse error: unexpected expression ${JSON.stringify(query)}`);
    const series = seriesOf(`${picked.scope}/${picked.metric}`, () =>
      picked.scope === 'service' ? serviceSeries(model, picked.metric) : edgeSeries(model, picked.metric as 'rate' | 'errors' | 'p95'),
    );
    const times: number[] = [];
    for (let t = start; t <= end + 1e-9; t += step) times.push(t);
    const result = series.map((s) => ({
      metric: s.scope === 'service' ? { service_name: s.service } : { client: s.service, server: s.peer },
      values: times.flatMap((t) => {
        // A rate over a bucket is evaluated at the bucket's end.
        const bucket = Math.round((t - options.startSeconds) / options.stepSeconds) - 1;
        if (bucket < 0 || bucket >= model.buckets) return [];
        const v = s.values[bucket];
        return [[t, v === null || v === undefined ? 'NaN' : String(v * picked.scale)]];
      }),
    }));
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: result.filter((r) => r.values.length > 0) } });
    const body = { plain: Buffer.from(text), gzip: null };
    bodies.set(key, body);
    sendBody(req, res, body);
  };
}

type Picked = { scope: 'service' | 'edge'; metric: 'rate' | 'errors' | 'p50' | 'p95' | 'p99'; scale: number };

/** The expression's meaning, from the shapes Casefile sends (span-metrics-queries.ts); null for anything else. */
function expression(query: string): Picked | null {
  const quantile = /^histogram_quantile\((0\.\d+), sum by \((service_name|client, server), le\) \(rate\((\w+)(\{[^}]*\})?\[\d+s\]\)\)\)$/.exec(query);
  if (quantile !== null) {
    const metric = ({ '0.5': 'p50', '0.95': 'p95', '0.99': 'p99' } as const)[quantile[1] as '0.5' | '0.95' | '0.99'];
    if (metric === undefined) return null;
    if (quantile[2] === 'service_name' && quantile[3] === LATENCY) return { scope: 'service', metric, scale: 1 };
    if (quantile[2] === 'client, server' && quantile[3] === 'traces_service_graph_request_server_seconds_bucket' && metric === 'p95') return { scope: 'edge', metric, scale: 0.001 };
    return null;
  }
  const sum = /^sum by \((service_name|client, server)\) \(rate\((\w+)(\{[^}]*\})?\[\d+s\]\)\)$/.exec(query);
  if (sum === null) return null;
  if (sum[1] === 'service_name' && sum[2] === CALLS) return { scope: 'service', metric: (sum[3] ?? '').includes('status_code="STATUS_CODE_ERROR"') ? 'errors' : 'rate', scale: 1 };
  if (sum[1] === 'client, server' && sum[2] === 'traces_service_graph_request_total') return { scope: 'edge', metric: 'rate', scale: 1 };
  if (sum[1] === 'client, server' && sum[2] === 'traces_service_graph_request_failed_total') return { scope: 'edge', metric: 'errors', scale: 1 };
  return null;
}

interface Body {
  plain: Buffer;
  gzip: Buffer | null;
}

/** Gzipped when the client accepts it, as Prometheus's API compresses its answers. */
function sendBody(req: Served, res: ServerResponse, body: Body): void {
  if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.plain.length }).end(body.plain);
    return;
  }
  body.gzip ??= gzipSync(body.plain);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.gzip.length }).end(body.gzip);
}

function ok(res: ServerResponse, data: unknown): void {
  sendJson(res, 200, { status: 'success', data });
}

function badData(res: ServerResponse, error: string): void {
  sendJson(res, 400, { status: 'error', errorType: 'bad_data', error });
}
