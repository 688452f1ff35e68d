import { IdError } from '../../../shared/ids.js';
import { isObject } from '../../../shared/formats/values.js';
import type { ConnectorFactory, PullOutput } from './connector.js';
import { keysOf } from './jaeger.js';
import { stringList } from './query-units.js';
import { SourceError } from './source-error.js';
import { goQuote } from './query-strings.js';
import { partialReason } from './tempo-partial.js';
import { searchTraceIds, tagValuesOf, tempoSearchParams } from './tempo-query.js';
import { tempoBrowse } from './tempo-tags.js';
import { fleetAnswer } from './fleet-answer.js';
import { tempoAggregates } from './tempo-metrics.js';

/** Traces fetched at once after a search: enough to hide latency, few enough not to trip a rate limit. */
const FETCH_CONCURRENCY = 4;

/**
 * Grafana Tempo (FORMATS.md §4). Trace bodies — v2 `{trace: {resourceSpans}, status}` or v1 `{batches}`, gogo
 * jsonpb with base64 ids and enum names — are streamed to a temp file and parsed by the importer's OTLP parser on
 * its worker, so a 100k-span trace never passes through this thread. A search answers summaries only; each trace
 * it names is then fetched whole by id.
 */
export const tempoConnector: ConnectorFactory<'tempo'> = ({ config, http, tempFile }) => {
  const v2 = config.options.traceApi === 'v2';

  /** `whole`: returns once the body is all downloaded (a search's fetches are bounded by FETCH_CONCURRENCY). */
  async function fetchTrace(traceId: string, out: PullOutput, signal: AbortSignal, whole = false): Promise<boolean> {
    const file = tempFile(`tempo-trace-${traceId}.json`);
    const response = await http.download(v2 ? `/api/v2/traces/${traceId}` : `/api/traces/${traceId}`, file, { signal, passStatuses: [404] });
    if (response.status === 404) {
      // Tempo's own 404 says the trace is unknown; the router's plain "404 page not found" (or a proxy's page) means the path is wrong.
      if (/^\s*(404 page not found|<)/i.test(response.text)) {
        throw http.error('not-found', response.request, `404 Not Found, and not from Tempo's trace API: is the base URL right (scheme, host, port and any path prefix)?${v2 ? ' Tempo older than 2.5 has no /api/v2: set the trace API to v1' : ''}`, 404);
      }
      return false;
    }
    // Cut at Tempo's max_bytes_per_trace: the part is kept (the limit is the server's; asking again never helps),
    // and the reason stays with the answer and the trace (PullOutput.warn). v2 says so at the body's head or end, so
    // it is read once the body is whole; the body's parse ends only after that, before the answer is recorded.
    const complete = !v2
      ? response.complete
      : response.complete.then(async (bytes) => {
          const partial = await partialReason(file);
          if (partial !== null) out.warn(http.redact(partial), traceId);
          return bytes;
        });
    out.spanFile({ file, request: response.request, complete }, ['tempo']);
    if (whole) await complete;
    return true;
  }

  async function tagValues(path: string, query: Record<string, string | undefined>, signal: AbortSignal): Promise<{ values: string[] | null; request: string; body: unknown }> {
    const response = await http.json(path, { signal, query, passStatuses: [404] });
    return { values: response.status === 404 ? null : tagValuesOf(response.body), request: response.request, body: response.body };
  }

  return {
    async check({ signal }) {
      const response = await http.json('/api/search/tags', { signal });
      const names = isObject(response.body) ? (response.body.tagNames === undefined && isObject(response.body.metrics) ? [] : stringList(response.body.tagNames)) : null;
      if (names === null) throw notTempo(response.request, response.body);
      return `Grafana Tempo: ${names.length} search tag${names.length === 1 ? '' : 's'}${config.tenant === undefined ? '' : ` (tenant ${config.tenant})`}`;
    },

    async listServices({ signal }) {
      const found = await tagValues('/api/search/tag/service.name/values', {}, signal);
      if (found.values === null) throw notTempo(found.request, found.body);
      return found.values;
    },

    async listOperations(service, { signal }) {
      // v2 scopes span names to the service with a TraceQL filter; Tempo 1.x only has the unfiltered v1 list.
      const scoped = await tagValues('/api/v2/search/tag/name/values', { q: `{ resource.service.name = ${goQuote(service)} }` }, signal);
      if (scoped.values !== null) return scoped.values;
      const all = await tagValues('/api/search/tag/name/values', {}, signal);
      if (all.values === null) throw notTempo(all.request, all.body);
      return all.values;
    },

    async searchTraces(query, window, out, { signal }) {
      const params = tempoSearchParams(query, window);
      if (typeof params === 'string') throw http.error('config', null, params);
      const response = await http.json('/api/search', { signal, query: params });
      let ids: string[] | null;
      try {
        ids = searchTraceIds(response.body);
      } catch (error) {
        if (error instanceof IdError) throw http.error('response', response.request, error.message);
        throw error;
      }
      if (ids === null) throw notTempo(response.request, response.body);
      // Fetched whole; one that vanished between search and fetch (retention) is simply not in the answer.
      await eachBounded(ids.slice(0, query.limit), FETCH_CONCURRENCY, signal, (id) => fetchTrace(id, out, signal, true));
    },

    getTrace: (traceId, out, { signal }) => fetchTrace(traceId, out, signal),

    async aggregates(query, window, out, { signal }) {
      const { series, startNs, stepNs } = await tempoAggregates(http, query, window, out, signal);
      out.aggregates(fleetAnswer(config.name, { ...window, startNs }, stepNs, query.buckets, series));
    },

    ...tempoBrowse(http, notTempo),
  };

  function notTempo(request: string, body: unknown): SourceError {
    return http.error('response', request, `answered with JSON that is not a Tempo response ${keysOf(body)}; is this Grafana Tempo's HTTP API (port 3200)?`);
  }
};

/** Runs `task` over `items` with at most `limit` at a time; the first failure stops the rest. */
async function eachBounded<T>(items: readonly T[], limit: number, signal: AbortSignal, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      if (signal.aborted) return;
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
