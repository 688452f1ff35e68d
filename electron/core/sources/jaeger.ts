import { isObject } from '../../../shared/formats/values.js';
import type { TraceQuery } from '../../../shared/source-pulls.js';
import type { ConnectorFactory, ConnectorSetup, Dependency, SourceConnector, TimeWindow } from './connector.js';
import { dependencyLinks } from './dependency-links.js';
import { fleetAnswer, msBuckets } from './fleet-answer.js';
import { jaegerMonitorAggregates } from './jaeger-monitor.js';
import { goDuration, rfc3339, stringList, unitsMs, unitsUs } from './query-units.js';

/**
 * Jaeger's query service (FORMATS.md §1–2). API v1 (/api/…) answers Jaeger JSON; API v3 (/api/v3/…) answers
 * OTLP-shaped JSON. Both are parsed by the importer's parsers (jaegerTrace, otlpResourceSpans) on its worker.
 * Units, as jaeger-query reads them: v1 start/end in µs since the epoch, min/maxDuration Go durations, tags a JSON
 * map; v3 start_time_min/max RFC 3339, duration_min/max Go durations; dependencies endTs/lookback in ms.
 */
export const jaegerConnector: ConnectorFactory<'jaeger'> = (setup) =>
  setup.config.options.apiVersion === 'v3' ? jaegerV3(setup) : jaegerV1(setup);

function jaegerV1({ config, http, tempFile }: ConnectorSetup<'jaeger'>): SourceConnector {
  /** `{data: [...strings]}`, the envelope of /api/services and /api/services/{s}/operations. */
  async function names(path: string, signal: AbortSignal): Promise<string[]> {
    const response = await http.json(path, { signal });
    const data = isObject(response.body) ? response.body.data : undefined;
    const list = data === null ? [] : stringList(data);
    if (list === null) throw http.error('response', response.request, `answered with JSON that is not a Jaeger API v1 response ${keysOf(response.body)}; is this a Jaeger query service (port 16686)?`);
    return list.sort();
  }
  return {
    async check({ signal }) {
      const services = await names('/api/services', signal);
      return `Jaeger query API v1: ${services.length} service${services.length === 1 ? '' : 's'}`;
    },
    listServices: ({ signal }) => names('/api/services', signal),
    listOperations: (service, { signal }) => names(`/api/services/${encodeURIComponent(service)}/operations`, signal),

    async aggregates(query, window, out, { signal }) {
      const series = await jaegerMonitorAggregates(http, await names('/api/services', signal), query, window, signal);
      out.aggregates(fleetAnswer(config.name, window, msBuckets(window, query.buckets).stepNs, query.buckets, series));
    },

    async searchTraces(query, window, out, { signal }) {
      refuseTraceql(query, http);
      if (query.service === undefined) throw http.error('config', null, "Jaeger's trace search needs a service (--service)");
      const file = tempFile('jaeger-traces.json');
      const response = await http.download('/api/traces', file, {
        signal,
        query: {
          service: query.service,
          operation: query.operation,
          tags: query.tags === undefined ? undefined : JSON.stringify(query.tags),
          start: unitsUs(window.startNs),
          end: unitsUs(window.endNs),
          minDuration: query.minDurationMs === undefined ? undefined : goDuration(query.minDurationMs),
          maxDuration: query.maxDurationMs === undefined ? undefined : goDuration(query.maxDurationMs),
          limit: query.limit,
        },
      });
      out.spanFile({ file, request: response.request, complete: response.complete }, ['jaeger-json']);
    },

    async getTrace(traceId, out, { signal }) {
      const file = tempFile(`jaeger-trace-${traceId}.json`);
      const response = await http.download(`/api/traces/${traceId}`, file, { signal, passStatuses: [404] });
      if (response.status === 404) return notFound(response.body, response.request, http);
      out.spanFile({ file, request: response.request, complete: response.complete }, ['jaeger-json']);
      return true;
    },

    dependencies: (window, { signal }) => jaegerDependencies(http, window, signal),
  };
}

/**
 * /api/dependencies is served beside api_v3 by every jaeger-query (and kept on Jaeger `main` when the other v1 routes
 * went, FORMATS.md §1), so both API versions read dependencies there.
 */
async function jaegerDependencies(http: ConnectorSetup['http'], window: TimeWindow, signal: AbortSignal): Promise<Dependency[]> {
  const endMs = unitsMs(window.endNs);
  const response = await http.json('/api/dependencies', { signal, query: { endTs: endMs, lookback: Math.max(1, endMs - unitsMs(window.startNs)) } });
  const data = isObject(response.body) ? response.body.data : undefined;
  // An empty answer is `data: null` from some storage backends (a nil slice), `[]` from others.
  if (data === null) return [];
  if (!Array.isArray(data)) throw http.error('response', response.request, `answered with JSON that is not Jaeger's dependencies ${keysOf(response.body)}`);
  return dependencyLinks(data, response.request, http, null);
}

function jaegerV3({ http, tempFile }: ConnectorSetup<'jaeger'>): SourceConnector {
  async function services(signal: AbortSignal): Promise<string[]> {
    const response = await http.json('/api/v3/services', { signal });
    const list = isObject(response.body) ? stringList(response.body.services ?? []) : null;
    if (list === null) throw http.error('response', response.request, `answered with JSON that is not a Jaeger API v3 response ${keysOf(response.body)}; is this a Jaeger query service with api_v3?`);
    return list.sort();
  }
  return {
    async check({ signal }) {
      const list = await services(signal);
      return `Jaeger query API v3: ${list.length} service${list.length === 1 ? '' : 's'}`;
    },
    listServices: ({ signal }) => services(signal),
    async listOperations(service, { signal }) {
      const response = await http.json('/api/v3/operations', { signal, query: { service } });
      const operations = isObject(response.body) ? (response.body.operations ?? []) : null;
      if (!Array.isArray(operations)) throw http.error('response', response.request, `answered with JSON that is not Jaeger's operations ${keysOf(response.body)}`);
      return [...new Set(operations.filter(isObject).map((o) => String(o.name)))].sort();
    },

    async searchTraces(query, window, out, { signal }) {
      refuseTraceql(query, http);
      if (query.service === undefined) throw http.error('config', null, "Jaeger's trace search needs a service (--service)");
      const file = tempFile('jaeger-v3-traces.json');
      const response = await http.download('/api/v3/traces', file, {
        signal,
        passStatuses: [404],
        query: {
          'query.service_name': query.service,
          'query.operation_name': query.operation,
          'query.attributes': query.tags === undefined ? undefined : JSON.stringify(query.tags),
          'query.start_time_min': rfc3339(window.startNs),
          'query.start_time_max': rfc3339(window.endNs),
          'query.duration_min': query.minDurationMs === undefined ? undefined : goDuration(query.minDurationMs),
          'query.duration_max': query.maxDurationMs === undefined ? undefined : goDuration(query.maxDurationMs),
          // Renamed from num_traces to search_depth in Jaeger 2; each version ignores the other's name.
          'query.num_traces': query.limit,
          'query.search_depth': query.limit,
        },
      });
      // "No traces found" is a 404 with the gateway's JSON error: an empty answer, not a failure.
      if (response.status === 404) {
        notFound(response.body, response.request, http);
        return;
      }
      out.spanFile({ file, request: response.request, complete: response.complete }, ['jaeger-api-v3']);
    },

    async getTrace(traceId, out, { signal }) {
      const file = tempFile(`jaeger-v3-trace-${traceId}.json`);
      const response = await http.download(`/api/v3/traces/${traceId}`, file, { signal, passStatuses: [404] });
      if (response.status === 404) return notFound(response.body, response.request, http);
      out.spanFile({ file, request: response.request, complete: response.complete }, ['jaeger-api-v3']);
      return true;
    },

    dependencies: (window, { signal }) => jaegerDependencies(http, window, signal),
  };
}

/**
 * A 404 from Jaeger itself carries its JSON error (v1 `errors: [...]`, v3 `error: {...}`) and means "no such trace";
 * any other 404 (a plain-text "404 page not found", an HTML page) means the path is wrong.
 */
function notFound(body: unknown, request: string, http: ConnectorSetup['http']): false {
  const jaegerError = isObject(body) && (Array.isArray(body.errors) || isObject(body.error));
  if (!jaegerError) {
    throw http.error('not-found', request, '404 Not Found, and not from a Jaeger query API: is the base URL right (scheme, host, port and any path prefix)?', 404);
  }
  return false;
}

function refuseTraceql(query: TraceQuery, http: ConnectorSetup['http']): void {
  if (query.traceql !== undefined) throw http.error('config', null, 'Jaeger does not speak TraceQL; search by service, operation and tags');
}

export function keysOf(body: unknown): string {
  if (Array.isArray(body)) return '(a JSON array)';
  if (!isObject(body)) return `(${typeof body})`;
  const keys = Object.keys(body).slice(0, 6);
  return `(top-level keys: ${keys.length === 0 ? 'none' : keys.join(', ')})`;
}

