import { searchResponse } from '../../../shared/formats/elasticsearch.js';
import { FormatError } from '../../../shared/formats/records.js';
import { exactSortValues, type ExactJson } from '../../../shared/formats/exact-json.js';
import { isObject } from '../../../shared/formats/values.js';
import type { SourceConfigOf } from '../../../shared/sources.js';
import type { ConnectorFactory, SourceConnector } from './connector.js';
import type { JsonResponse, SourceHttpClient } from './http-client.js';
import { keysOf } from './jaeger.js';
import { fleetAnswer, msBuckets } from './fleet-answer.js';
import { engineError, searchBody } from './search-engine-query.js';
import { spanIndexAggregates } from './span-index-aggregates.js';

/** Hits per page; an index whose max_result_window is lower says so in a 400, and its limit is adopted. */
const MAX_PAGE = 5000;
const SPARE_PAGES = 2;
const SERVICES = 500;

/**
 * Elasticsearch and OpenSearch (FORMATS.md §7): log documents through POST {index}/_search. Pages follow
 * `search_after` with the last hit's sort values (timestamp, then `_doc`), newest first, until `query.limit`; on a
 * date_nanos field the timestamp's sort value is epoch ns, read and sent back as an exact integer. The
 * two engines share the search API; Test connection tells them apart by GET / (OpenSearch names its
 * distribution, Elasticsearch has its tagline).
 */
export const elasticsearchConnector: ConnectorFactory<'elasticsearch'> = (setup) => searchEngine(setup);
export const opensearchConnector: ConnectorFactory<'opensearch'> = (setup) => searchEngine(setup);

function searchEngine({ config, http }: { config: SourceConfigOf<'elasticsearch' | 'opensearch'>; http: SourceHttpClient }): SourceConnector {
  const { indexPattern, fields } = config.options;
  // "*" and "," stay readable in the request line; anything else in the pattern is escaped.
  const searchPath = `/${encodeURIComponent(indexPattern).replace(/%2C/gi, ',')}/_search`;

  /** A search; 400 and 404 carry the engine's JSON error, turned into a message that names its cause. */
  async function search(body: Record<string, unknown>, signal: AbortSignal, keepText = false): Promise<JsonResponse> {
    const response = await http.json(searchPath, { method: 'POST', json: body, signal, passStatuses: [400, 404], keepText });
    if (response.status === 200) return response;
    const error = engineError(response.body);
    if (response.status === 404) {
      if (error?.type === 'index_not_found_exception') throw http.error('not-found', response.request, `no index matches "${indexPattern}" (${error.text}); check the source's index pattern`, 404);
      throw http.error('not-found', response.request, '404 Not Found, and not from an Elasticsearch/OpenSearch search API: is the base URL right (scheme, host, port and any path prefix)?', 404);
    }
    return { ...response, body: null, text: error?.text ?? response.text.trim().slice(0, 300) };
  }

  /** A POST _search on another index pattern (span indices), its 400/404 turned into errors naming the cause. */
  async function searchOther(path: string, body: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    const response = await http.json(path, { method: 'POST', json: body, signal, passStatuses: [400, 404] });
    if (response.status === 200) return response.body;
    const error = engineError(response.body);
    if (response.status === 404) throw http.error('not-found', response.request, `no index matches "${config.options.spanIndexPattern}" (${error?.text ?? '404'}); check the source's span index pattern`, 404);
    throw http.error('response', response.request, `400 Bad Request: ${error?.text ?? response.text.trim().slice(0, 300)}`, 400);
  }

  return {
    async aggregates(query, window, out, { signal }) {
      const series = await spanIndexAggregates(http, searchOther, config.options.spanIndexPattern, query, window, out, signal);
      out.aggregates(fleetAnswer(config.name, window, msBuckets(window, query.buckets).stepNs, query.buckets, series));
    },

    async check({ signal }) {
      const root = await http.json('/', { signal, passStatuses: [403] });
      let found = `search API (GET / is forbidden for these credentials)`;
      if (root.status !== 403) {
        const version = isObject(root.body) && isObject(root.body.version) ? root.body.version : null;
        const opensearch = version?.distribution === 'opensearch';
        const elasticsearch = !opensearch && version !== null && typeof version.number === 'string' && isObject(root.body) && typeof root.body.tagline === 'string';
        if (!opensearch && !elasticsearch) {
          throw http.error('response', root.request, `answered with JSON that is not Elasticsearch's or OpenSearch's root ${keysOf(root.body)}; is this the cluster's HTTP API (port 9200)?`);
        }
        const actual = opensearch ? 'opensearch' : 'elasticsearch';
        found = `${opensearch ? 'OpenSearch' : 'Elasticsearch'} ${String(version!.number)}${actual === config.kind ? '' : ` (configured as ${config.kind}; the search API is the same)`}`;
      }
      const response = await search({ size: 0, track_total_hits: true, query: { match_all: {} } }, signal);
      if (response.status === 400) throw http.error('response', response.request, `400 Bad Request: ${response.text}`, 400);
      const total = isObject(response.body) && isObject(response.body.hits) ? response.body.hits.total : undefined;
      const count = typeof total === 'number' ? total : isObject(total) && typeof total.value === 'number' ? total.value : null;
      if (count === null) throw http.error('response', response.request, `answered with JSON that is not a _search response ${keysOf(response.body)}`);
      return `${found}; index pattern ${indexPattern}: ${count} document${count === 1 ? '' : 's'}`;
    },

    async listServices({ signal }) {
      // A terms aggregation needs a keyword field; a text-mapped service field has its keyword copy at .keyword.
      for (const field of [fields.service, `${fields.service}.keyword`]) {
        const response = await search({ size: 0, aggs: { services: { terms: { field, size: SERVICES } } } }, signal);
        if (response.status === 400) continue;
        const agg = isObject(response.body) && isObject(response.body.aggregations) ? response.body.aggregations.services : undefined;
        const buckets = isObject(agg) && Array.isArray(agg.buckets) ? agg.buckets : null;
        if (buckets === null) throw http.error('response', response.request, `answered with JSON that is not a terms aggregation ${keysOf(response.body)}`);
        return buckets.filter(isObject).map((b) => String(b.key)).sort();
      }
      return [];
    },

    // Log documents have no operations.
    listOperations: () => Promise.resolve([]),

    async searchLogs(query, window, out, { signal }) {
      let pageSize = Math.min(query.limit, MAX_PAGE);
      let after: ExactJson[] | null = null;
      let kept = 0;
      let maxPages = Math.ceil(query.limit / pageSize) + SPARE_PAGES;
      for (let page = 0; page < maxPages && kept < query.limit; page++) {
        if (signal.aborted) throw http.error('cancelled', null, 'cancelled');
        const size = Math.min(pageSize, query.limit - kept);
        const body = searchBody(query, window, fields, size, after);
        if (body instanceof Error) throw http.error('config', null, body.message);
        // The text too: a date_nanos sort value is an integer beyond 2^53 (see exact-json.ts).
        const response = await search(body, signal, true);
        if (response.status === 400) {
          // "Result window is too large, from + size must be less than or equal to: [1000] but was [5000]"
          const allowed = Number(/less than or equal to: \[(\d+)\]/.exec(response.text)?.[1] ?? NaN);
          if (allowed > 0 && allowed < size) {
            pageSize = allowed;
            maxPages = page + Math.ceil((query.limit - kept) / pageSize) + SPARE_PAGES;
            page--;
            continue;
          }
          throw http.error('response', response.request, `400 Bad Request: ${response.text}`, 400);
        }
        try {
          const result = searchResponse(response.body, fields, out.records);
          kept += result.hits;
          if (result.hits < size) break;
          if (result.lastSort === null) throw http.error('response', response.request, 'the hits carry no sort values, so the next page cannot be asked for (search_after)');
          after = exactSortValues(response.text, result.lastSort);
        } catch (error) {
          if (error instanceof FormatError) throw http.error('response', response.request, error.message);
          throw error;
        }
      }
    },
  };
}
