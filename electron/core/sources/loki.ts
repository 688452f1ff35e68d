import { canonicalId, IdError } from '../../../shared/ids.js';
import { createLokiParser } from '../../../shared/formats/loki.js';
import { FormatError, type LogRecordIn } from '../../../shared/formats/records.js';
import { isObject } from '../../../shared/formats/values.js';
import type { LogQuery } from '../../../shared/source-pulls.js';
import type { ConnectorFactory, TimeWindow } from './connector.js';
import type { Query } from './http-client.js';
import { keysOf } from './jaeger.js';
import { stringList } from './query-units.js';
import { SourceError } from './source-error.js';
import { goQuote } from './query-strings.js';
import { fleetAnswer } from './fleet-answer.js';
import { lokiAggregates } from './loki-aggregates.js';

/** Loki's default max_entries_limit_per_query; a lower limit announced in a 400 is adopted. */
const MAX_PAGE = 5000;
/** Pages beyond what the limit needs, for boundary re-reads; past this the pull stops rather than loop. */
const SPARE_PAGES = 5;

/**
 * Grafana Loki (FORMATS.md §6): log lines through /loki/api/v1/query_range with LogQL. Times are ns since the
 * epoch (as strings: a ≤10-digit integer would be read as seconds); `end` is exclusive. Pages go newest first
 * (direction=backward): each next page ends just after the oldest entry received, so entries sharing that
 * nanosecond are read again and dropped as duplicates, and no entry is skipped.
 */
export const lokiConnector: ConnectorFactory<'loki'> = ({ config, http }) => {
  const parser = createLokiParser({ derivedFields: config.options.derivedFields, serviceLabels: config.options.serviceLabels });
  const serviceLabel = config.options.serviceLabels[0]!;

  /** `{status: "success", data: [...]}` of /labels and /label/{name}/values. */
  async function names(path: string, signal: AbortSignal, query?: Query): Promise<string[]> {
    let response;
    try {
      response = await http.json(path, { signal, query });
    } catch (error) {
      if (error instanceof SourceError && error.stage === 'not-found') {
        throw http.error('not-found', error.request, `${error.reason}; Loki's API is under /loki/api/v1, so the base URL is the part before /loki (keep any prefix of a gateway)`, 404);
      }
      throw error;
    }
    const body = response.body;
    const list = isObject(body) && body.status === 'success' ? stringList(body.data ?? []) : null;
    if (list === null) throw http.error('response', response.request, `answered with JSON that is not a Loki response ${keysOf(body)}; is this Grafana Loki's HTTP API (port 3100)?`);
    return list.sort();
  }

  return {
    async check({ signal }) {
      const labels = await names('/loki/api/v1/labels', signal);
      return `Grafana Loki: ${labels.length} label${labels.length === 1 ? '' : 's'}${config.tenant === undefined ? '' : ` (tenant ${config.tenant})`}`;
    },

    async listServices({ signal }) {
      const labels = await names('/loki/api/v1/labels', signal);
      const label = config.options.serviceLabels.find((l) => labels.includes(l));
      return label === undefined ? [] : names(`/loki/api/v1/label/${encodeURIComponent(label)}/values`, signal);
    },

    async aggregates(query, window, out, { signal }) {
      const series = await lokiAggregates(http, serviceLabel, query, window, out, signal);
      out.aggregates(fleetAnswer(config.name, window, (window.endNs - window.startNs) / BigInt(query.buckets), query.buckets, series));
    },

    // Loki has streams and labels, not operations.
    listOperations: () => Promise.resolve([]),

    // The labels and values of streams with entries in the window: start/end in ns, as for query_range.
    async listTags({ signal, window }) {
      const labels = await names('/loki/api/v1/labels', signal, nsWindow(window));
      return labels.map((name) => ({ name, scope: null }));
    },

    async listTagValues(tag, { signal, window }) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(tag.name)) throw http.error('config', null, `${JSON.stringify(tag.name)} is not a Loki label name`);
      const values = await names(`/loki/api/v1/label/${encodeURIComponent(tag.name)}/values`, signal, nsWindow(window));
      return values.map((value) => ({ value, type: null }));
    },

    async searchLogs(query, window, out, { signal }) {
      const logql = lokiQuery(query, serviceLabel);
      if (logql instanceof Error) throw http.error('config', null, logql.message);
      let pageSize = Math.min(query.limit, MAX_PAGE);
      let end = window.endNs;
      const kept: LogRecordIn[] = [];
      const seen = new Set<string>();
      let maxPages = Math.ceil(query.limit / pageSize) + SPARE_PAGES;
      for (let page = 0; page < maxPages && kept.length < query.limit; page++) {
        if (signal.aborted) throw http.error('cancelled', null, 'cancelled');
        const params = { query: logql, start: window.startNs.toString(), end: end.toString(), limit: pageSize, direction: 'backward' };
        const response = await http.json('/loki/api/v1/query_range', { signal, query: params, passStatuses: [400], headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
        if (response.status === 400) {
          // "max entries limit per query exceeded, limit > max_entries_limit_per_query (5000 > 1000)": ask again within it.
          const allowed = Number(/max entries limit.*\((\d+) > (\d+)\)/i.exec(response.text)?.[2] ?? NaN);
          if (allowed > 0 && allowed < pageSize) {
            pageSize = allowed;
            maxPages = Math.ceil(query.limit / pageSize) + SPARE_PAGES;
            page--;
            continue;
          }
          throw http.error('response', response.request, `400 Bad Request: Loki refused the query: ${http.redact(response.text.trim().slice(0, 300))}`, 400);
        }
        const entries: LogRecordIn[] = [];
        try {
          parser.response(response.body, { span: () => undefined, log: (record) => entries.push(record) });
        } catch (error) {
          if (error instanceof FormatError) throw http.error('response', response.request, error.message);
          throw error;
        }
        // Streams each come sorted; across streams the page is merged newest first.
        entries.sort((a, b) => (a.timeNs > b.timeNs ? -1 : a.timeNs < b.timeNs ? 1 : 0));
        let added = 0;
        for (const entry of entries) {
          const key = `${entry.timeNs}\u0000${JSON.stringify(entry.resource)}\u0000${JSON.stringify(entry.attributes)}\u0000${entry.body}`;
          if (seen.has(key)) continue;
          seen.add(key);
          kept.push(entry);
          added++;
        }
        const oldest = entries.at(-1)?.timeNs;
        // A short page is the last; a page of nothing new means every remaining entry shares one nanosecond.
        if (entries.length < pageSize || added === 0 || oldest === undefined || oldest <= window.startNs) break;
        end = oldest + 1n;
      }
      for (const record of kept.slice(0, query.limit)) out.records.log(record);
    },
  };
};

/** A window as Loki reads start/end: ns since the epoch (a ≤10-digit integer would be taken as seconds). */
function nsWindow(window: TimeWindow): Query {
  return { start: window.startNs.toString(), end: window.endNs.toString() };
}

/**
 * The LogQL of a question: the user's query, or a selector on the service label (`{service_name=~".+"}` for any);
 * a service given beside a query becomes a label filter; a trace id a case-insensitive line filter, as Grafana's
 * trace-to-logs does (a 64-bit id is searched in its 16-character form, which the padded form also contains).
 */
export function lokiQuery(query: LogQuery, serviceLabel: string): string | Error {
  let logql = query.query ?? `{${serviceLabel}${query.service === undefined ? '=~".+"' : `=${goQuote(query.service)}`}}`;
  if (query.query !== undefined && query.service !== undefined) logql += ` | ${serviceLabel}=${goQuote(query.service)}`;
  if (query.traceId !== undefined) {
    let id: string | null;
    try {
      id = canonicalId(query.traceId, 'trace');
    } catch (error) {
      if (error instanceof IdError) return new Error(`trace id: ${error.message}`);
      throw error;
    }
    if (id === null) return new Error('trace id is empty or all zeros');
    logql += ` |~ ${goQuote(`(?i)${id.startsWith('0000000000000000') ? id.slice(16) : id}`)}`;
  }
  return logql;
}
