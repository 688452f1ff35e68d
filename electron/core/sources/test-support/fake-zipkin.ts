import { dependenciesSample } from './fake-jaeger.js';
import { sendJson, type Handle } from './loopback.js';

/**
 * A Zipkin server serving given traces (arrays of v2 spans, the upstream samples) on the real /api/v2 paths, reading
 * parameters as zipkin-server does: endTs and lookback in ms, minDuration/maxDuration in µs, annotationQuery
 * "key=value and key", limit. An unreadable number is Zipkin's 400.
 */
interface ZipkinSpan {
  traceId: string;
  id: string;
  name?: string;
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

export interface ZipkinSeen {
  endTsMs: number;
  lookbackMs: number;
  minDurationUs: number | null;
  annotationQuery: string | null;
  limit: number;
}

/** `dependencies`: the answer of /api/v2/dependencies, `[{parent, child, callCount, errorCount?}]`. */
export function fakeZipkin(traces: ZipkinSpan[][], seen: ZipkinSeen[] = [], dependencies: unknown[] = dependenciesSample()): Handle {
  const service = (s: ZipkinSpan) => s.localEndpoint?.serviceName ?? '';
  return (req, res) => {
    const q = req.query;
    if (req.path === '/api/v2/services') return sendJson(res, 200, [...new Set(traces.flat().map(service).filter(Boolean))]);
    if (req.path === '/api/v2/spans') return sendJson(res, 200, [...new Set(traces.flat().filter((s) => service(s) === q.get('serviceName')).map((s) => s.name ?? ''))]);
    const one = /^\/api\/v2\/trace\/([0-9a-f]+)$/.exec(req.path);
    if (one) {
      const trace = traces.find((t) => t[0]!.traceId.replace(/^0+/, '') === one[1]!.replace(/^0+/, ''));
      if (trace === undefined) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`${one[1]} not found`);
      return sendJson(res, 200, trace);
    }
    if (req.path === '/api/v2/traces') {
      for (const name of ['endTs', 'lookback', 'minDuration', 'maxDuration', 'limit']) {
        const value = q.get(name);
        if (value !== null && !/^\d+$/.test(value)) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`${name} must be an integer`);
      }
      const endTsUs = Number(q.get('endTs') ?? Date.now()) * 1000;
      const lookbackUs = Number(q.get('lookback') ?? 86_400_000) * 1000;
      const minDuration = q.get('minDuration') === null ? null : Number(q.get('minDuration'));
      const terms = (q.get('annotationQuery') ?? '').split(' and ').filter(Boolean).map((t) => t.split('='));
      seen.push({ endTsMs: Number(q.get('endTs')), lookbackMs: Number(q.get('lookback')), minDurationUs: minDuration, annotationQuery: q.get('annotationQuery'), limit: Number(q.get('limit') ?? 10) });
      const matches = traces.filter((trace) =>
        trace.some(
          (s) =>
            (q.get('serviceName') === null || service(s) === q.get('serviceName')) &&
            (q.get('spanName') === null || s.name === q.get('spanName')) &&
            s.timestamp !== undefined && s.timestamp <= endTsUs && s.timestamp >= endTsUs - lookbackUs &&
            (minDuration === null || (s.duration ?? 0) >= minDuration) &&
            terms.every(([k, v]) => s.tags?.[k!] !== undefined && (v === undefined || s.tags[k!] === v)),
        ),
      );
      return sendJson(res, 200, matches.slice(0, Number(q.get('limit') ?? 10)));
    }
    if (req.path === '/api/v2/dependencies') {
      // zipkin-server requires endTs; lookback defaults to a day. Both are longs in ms.
      if (!/^\d+$/.test(q.get('endTs') ?? '') || !/^\d*$/.test(q.get('lookback') ?? '')) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('endTs and lookback must be integers');
      return sendJson(res, 200, dependencies);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
  };
}
