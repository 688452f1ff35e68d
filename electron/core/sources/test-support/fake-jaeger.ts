import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { UPSTREAM } from '../../../../test/temp-cache.js';
import { sendJson, type Handle, type Served } from './loopback.js';

/** jaeger-ui's sample of /api/dependencies `data` (7 links between 8 services), served by default. */
export function dependenciesSample(): unknown[] {
  return JSON.parse(readFileSync(join(UPSTREAM, 'jaeger-v1-http/jaeger-ui__dependencies-data_small.json'), 'utf8')) as unknown[];
}

/**
 * A Jaeger query service serving given traces (Jaeger v1 JSON, as the upstream samples hold them) on the real
 * API v1 and v3 paths, and reading parameters the way jaeger-query does: v1 start/end are integer µs, durations Go
 * durations (time.ParseDuration), tags a JSON object, service required for search; v3 times RFC 3339. A parameter
 * it cannot read is answered with Jaeger's own 400, so a connector sending the wrong unit fails the test.
 */
export interface JaegerTrace {
  traceID: string;
  spans: { traceID: string; spanID: string; operationName: string; startTime: number; duration: number; processID?: string; tags?: { key: string; value: unknown }[] }[];
  processes: Record<string, { serviceName: string }>;
}

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const UNITS: Record<string, number> = { ns: 1e-3, us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 };

/** Go's time.ParseDuration, in µs. */
export function parseGoDuration(text: string): number {
  if (!GO_DURATION.test(text)) throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(n) * UNITS[unit!]!;
  return total;
}

function badRequest(res: ServerResponse, msg: string): void {
  sendJson(res, 400, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] });
}

function serviceOf(trace: JaegerTrace, span: JaegerTrace['spans'][number]): string {
  return trace.processes[span.processID ?? '']?.serviceName ?? '';
}

/** Jaeger compares trace ids as numbers: leading zeros do not matter. */
function sameId(a: string, b: string): boolean {
  return a.replace(/^0+/, '').toLowerCase() === b.replace(/^0+/, '').toLowerCase();
}

export interface SearchSeen {
  service: string;
  startUs: number;
  endUs: number;
  minDurationUs: number | null;
  maxDurationUs: number | null;
  tags: Record<string, string>;
  limit: number;
}

/** `dependencies`: the `data` of /api/dependencies (default: the upstream sample). */
export function fakeJaegerV1(traces: JaegerTrace[], seen: SearchSeen[] = [], dependencies: unknown[] = dependenciesSample()): Handle {
  return (req: Served, res) => {
    const services = [...new Set(traces.flatMap((t) => Object.values(t.processes).map((p) => p.serviceName)))];
    const envelope = (data: unknown) => sendJson(res, 200, { data, total: Array.isArray(data) ? data.length : 0, limit: 0, offset: 0, errors: null });
    if (req.path === '/api/services') return envelope(services);
    const ops = /^\/api\/services\/([^/]+)\/operations$/.exec(req.path);
    if (ops) {
      const service = decodeURIComponent(ops[1]!);
      return envelope([...new Set(traces.flatMap((t) => t.spans.filter((s) => serviceOf(t, s) === service).map((s) => s.operationName)))]);
    }
    const one = /^\/api\/traces\/([^/]+)$/.exec(req.path);
    if (one) {
      const trace = traces.find((t) => sameId(t.traceID, one[1]!));
      if (trace === undefined) return sendJson(res, 404, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] });
      return envelope([trace]);
    }
    if (req.path === '/api/traces') return search(req, res, traces, seen, envelope);
    if (req.path === '/api/dependencies') return dependenciesAnswer(req, res, dependencies);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
  };
}

/** jaeger-query's /api/dependencies: endTs and lookback integer ms (strconv.ParseInt), else its 400. */
function dependenciesAnswer(req: Served, res: ServerResponse, dependencies: unknown[]): void {
  for (const name of ['endTs', 'lookback']) {
    const value = req.query.get(name);
    if (value !== null && !/^\d+$/.test(value)) return badRequest(res, `unable to parse param '${name}': strconv.ParseInt: parsing "${value}": invalid syntax`);
  }
  sendJson(res, 200, { data: dependencies, total: dependencies.length, limit: 0, offset: 0, errors: null });
}

function search(req: Served, res: ServerResponse, traces: JaegerTrace[], seen: SearchSeen[], envelope: (data: unknown) => void): void {
  const q = req.query;
  const service = q.get('service');
  if (!service) return badRequest(res, "parameter 'service' is required");
  for (const name of ['start', 'end', 'limit']) {
    const value = q.get(name);
    if (value !== null && !/^\d+$/.test(value)) return badRequest(res, `unable to parse param '${name}': strconv.ParseInt: parsing "${value}": invalid syntax`);
  }
  let minDurationUs: number | null = null;
  let maxDurationUs: number | null = null;
  let tags: Record<string, string> = {};
  try {
    if (q.get('minDuration')) minDurationUs = parseGoDuration(q.get('minDuration')!);
    if (q.get('maxDuration')) maxDurationUs = parseGoDuration(q.get('maxDuration')!);
    if (q.get('tags')) tags = JSON.parse(q.get('tags')!) as Record<string, string>;
  } catch (error) {
    return badRequest(res, (error as Error).message);
  }
  const startUs = Number(q.get('start') ?? 0);
  const endUs = Number(q.get('end') ?? Number.MAX_SAFE_INTEGER);
  const limit = Number(q.get('limit') ?? 100);
  seen.push({ service, startUs, endUs, minDurationUs, maxDurationUs, tags, limit });
  const operation = q.get('operation');
  const matches = traces.filter((trace) =>
    trace.spans.some(
      (s) =>
        serviceOf(trace, s) === service &&
        (operation === null || s.operationName === operation) &&
        s.startTime >= startUs &&
        s.startTime <= endUs &&
        (minDurationUs === null || s.duration >= minDurationUs) &&
        (maxDurationUs === null || s.duration <= maxDurationUs) &&
        Object.entries(tags).every(([k, v]) => s.tags?.some((t) => t.key === k && String(t.value) === v)),
    ),
  );
  envelope(matches.slice(0, limit));
}

/** API v3: answers with OTLP JSON bodies given per trace id (the upstream api_v3 samples). */
export function fakeJaegerV3(bodies: Map<string, unknown>, services: string[], seen: URLSearchParams[] = [], dependencies: unknown[] = dependenciesSample()): Handle {
  return (req, res) => {
    if (req.path === '/api/v3/services') return sendJson(res, 200, { services });
    // api_v3 has no dependencies call; jaeger-query serves the v1 one beside it.
    if (req.path === '/api/dependencies') return dependenciesAnswer(req, res, dependencies);
    if (req.path === '/api/v3/operations') return sendJson(res, 200, { operations: [{ name: 'get_users', spanKind: 'server' }, { name: 'get_users', spanKind: 'client' }] });
    const one = /^\/api\/v3\/traces\/([^/]+)$/.exec(req.path);
    if (one) {
      const body = [...bodies].find(([id]) => sameId(id, one[1]!))?.[1];
      if (body === undefined) return sendJson(res, 404, { error: { httpCode: 404, message: 'trace not found' } });
      return sendJson(res, 200, body);
    }
    if (req.path === '/api/v3/traces') {
      const q = req.query;
      seen.push(q);
      const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;
      for (const name of ['query.start_time_min', 'query.start_time_max']) {
        if (!rfc3339.test(q.get(name) ?? '')) return sendJson(res, 400, { error: { httpCode: 400, message: `malformed parameter ${name}` } });
      }
      for (const name of ['query.duration_min', 'query.duration_max']) {
        const value = q.get(name);
        if (value !== null && !GO_DURATION.test(value)) return sendJson(res, 400, { error: { httpCode: 400, message: `malformed parameter ${name}` } });
      }
      if (!services.includes(q.get('query.service_name') ?? '')) return sendJson(res, 404, { error: { httpCode: 404, message: 'No traces found' } });
      return sendJson(res, 200, [...bodies.values()][0]);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
  };
}
