import type { ConnectorFactory } from './connector.js';
import { dependencyLinks } from './dependency-links.js';
import { keysOf } from './jaeger.js';
import { stringList, unitsMs } from './query-units.js';

/**
 * Zipkin's API v2 (FORMATS.md §5). Units as Zipkin reads them: minDuration/maxDuration in µs, endTs and lookback
 * in ms; tags become an annotationQuery ("key=value and key"). Traces are arrays of v2 spans, parsed by the
 * importer's Zipkin parser on its worker.
 */
export const zipkinConnector: ConnectorFactory<'zipkin'> = ({ http, tempFile }) => {
  async function names(path: string, query: Record<string, string>, signal: AbortSignal): Promise<string[]> {
    const response = await http.json(path, { signal, query });
    const list = stringList(response.body);
    if (list === null) throw http.error('response', response.request, `answered with JSON that is not a Zipkin v2 response ${keysOf(response.body)}; is this a Zipkin server (port 9411)?`);
    return list.sort();
  }
  return {
    async check({ signal }) {
      const services = await names('/api/v2/services', {}, signal);
      return `Zipkin API v2: ${services.length} service${services.length === 1 ? '' : 's'}`;
    },
    listServices: ({ signal }) => names('/api/v2/services', {}, signal),
    listOperations: (service, { signal }) => names('/api/v2/spans', { serviceName: service }, signal),

    async searchTraces(query, window, out, { signal }) {
      if (query.traceql !== undefined) throw http.error('config', null, 'Zipkin does not speak TraceQL; search by service, span name and tags');
      const endMs = unitsMs(window.endNs);
      const tags = Object.entries(query.tags ?? {}).map(([key, value]) => (value === '' ? key : `${key}=${value}`));
      const file = tempFile('zipkin-traces.json');
      const response = await http.download('/api/v2/traces', file, {
        signal,
        query: {
          serviceName: query.service,
          spanName: query.operation,
          annotationQuery: tags.length === 0 ? undefined : tags.join(' and '),
          minDuration: query.minDurationMs === undefined ? undefined : Math.round(query.minDurationMs * 1000),
          maxDuration: query.maxDurationMs === undefined ? undefined : Math.round(query.maxDurationMs * 1000),
          endTs: endMs,
          lookback: Math.max(1, endMs - unitsMs(window.startNs)),
          limit: query.limit,
        },
      });
      out.spanFile({ file, request: response.request, complete: response.complete }, ['zipkin-v2']);
    },

    async getTrace(traceId, out, { signal }) {
      // Zipkin stores a 64-bit trace id as 16 hex characters; ask in that form when the high half is zero.
      const id = traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
      const file = tempFile(`zipkin-trace-${id}.json`);
      const response = await http.download(`/api/v2/trace/${id}`, file, { signal, passStatuses: [404] });
      if (response.status === 404) {
        // zipkin-server answers "<traceId> not found" (plain text); any other 404 means the base path is wrong.
        const own = /not found/i.test(response.text) && response.text.toLowerCase().includes(id.replace(/^0+/, ''));
        if (!own) {
          throw http.error('not-found', response.request, '404 Not Found, and not from a Zipkin API: is the base URL right (scheme, host, port and any path prefix)?', 404);
        }
        return false;
      }
      out.spanFile({ file, request: response.request, complete: response.complete }, ['zipkin-v2']);
      return true;
    },

    async dependencies(window, { signal }) {
      const endMs = unitsMs(window.endNs);
      const response = await http.json('/api/v2/dependencies', { signal, query: { endTs: endMs, lookback: Math.max(1, endMs - unitsMs(window.startNs)) } });
      if (!Array.isArray(response.body)) throw http.error('response', response.request, `answered with JSON that is not Zipkin's dependencies ${keysOf(response.body)}`);
      return dependencyLinks(response.body, response.request, http, 0);
    },
  };
};
