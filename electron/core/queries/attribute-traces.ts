import type { AttributeGroup, AttributeGroupPage, AttributeTracePage } from '../../../shared/nav-types.js';
import { percentile } from '../../../shared/service-graph.js';
import type { Db } from '../db/open-database.js';
import { attributeKeyParams, attributeTextSql, prefilteredAttributeTextSql } from './attribute-match.js';
import { MAX_NS, MIN_NS, int, nsBound } from './rows.js';
import { toTraceSummary } from './trace-summary-row.js';

interface Window {
  startNs?: string;
  endNs?: string;
}

/**
 * Traces (started in the window) with a span whose own attributes or whose resource have key = value, newest
 * first. Walks traces newest first and stops at `limit` matches, so a common value answers at once; resources
 * are few, so those matching are found first and spans are then tested by hash.
 */
export function tracesByAttribute(db: Db, search: { key: string; value: string; limit: number } & Window): AttributeTracePage {
  const key = attributeKeyParams(search.key);
  const hashes = db
    .prepare(`SELECT hash FROM resources WHERE ${prefilteredAttributeTextSql('attributes')} = @value`)
    .pluck()
    .all({ ...key, value: search.value }) as string[];
  const rows = db
    .prepare(
      `SELECT t.* FROM traces t
       WHERE t.start_ns BETWEEN @start AND @end
         AND EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id
                     AND (s.resource_hash IN (SELECT value FROM json_each(@hashes))
                          OR ${prefilteredAttributeTextSql('s.attributes')} = @value))
       ORDER BY t.start_ns DESC LIMIT @limit`,
    )
    .safeIntegers(true)
    .all({
      ...key,
      value: search.value,
      hashes: JSON.stringify(hashes),
      start: nsBound(search.startNs, MIN_NS),
      end: nsBound(search.endNs, MAX_NS),
      limit: search.limit + 1,
    }) as Record<string, unknown>[];
  return { traces: rows.slice(0, search.limit).map(toTraceSummary), more: rows.length > search.limit };
}

interface GroupTally {
  service: string;
  value: string;
  traces: Map<string, { durationNs: number; isError: boolean }>;
  spanCount: number;
}

/**
 * Traces grouped by the value of `key` on their spans (a span's own attribute wins over its resource's), counting
 * each trace once per value it carries: grouping by service.version tells a canary's traces from the stable ones,
 * by host.name a bad host's. Only spans of `service` are read when it is given (its time index bounds the scan);
 * across all services each service's values are grouped apart, so two services' versions are never mixed.
 */
export function groupTracesByAttribute(
  db: Db,
  search: { key: string; service?: string; limit: number } & Window,
): AttributeGroupPage {
  const key = attributeKeyParams(search.key);
  const resourceValues = new Map<string, string | null>();
  const resourceRows = db.prepare(`SELECT hash, ${attributeTextSql('attributes')} AS value FROM resources`).all(key) as {
    hash: string;
    value: string | null;
  }[];
  for (const row of resourceRows) resourceValues.set(row.hash, row.value);

  const serviceFilter = search.service === undefined ? '' : 'AND s.service = @service';
  const rows = db
    .prepare(
      `SELECT s.trace_id, s.service, s.resource_hash, ${prefilteredAttributeTextSql('s.attributes')} AS value, count(*) AS spans,
              t.end_ns - t.start_ns AS duration, t.error_count
       FROM spans s JOIN traces t ON t.trace_id = s.trace_id
       WHERE s.start_ns BETWEEN @start AND @end ${serviceFilter}
       GROUP BY s.trace_id, s.service, s.resource_hash, value`,
    )
    .safeIntegers(true)
    .all({
      ...key,
      start: nsBound(search.startNs, MIN_NS),
      end: nsBound(search.endNs, MAX_NS),
      ...(search.service === undefined ? {} : { service: search.service }),
    }) as Record<string, unknown>[];

  const groups = new Map<string, GroupTally>();
  let spansWithoutValue = 0;
  for (const row of rows) {
    const value = (row.value as string | null) ?? resourceValues.get(row.resource_hash as string) ?? null;
    const spans = int(row.spans);
    if (value === null) {
      spansWithoutValue += spans;
      continue;
    }
    const service = row.service as string;
    const groupKey = `${service}\u0000${value}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { service, value, traces: new Map(), spanCount: 0 };
      groups.set(groupKey, group);
    }
    group.spanCount += spans;
    group.traces.set(row.trace_id as string, { durationNs: int(row.duration), isError: int(row.error_count) > 0 });
  }

  const summaries = [...groups.values()].map(summarise);
  summaries.sort((a, b) => b.traceCount - a.traceCount || a.service.localeCompare(b.service) || a.value.localeCompare(b.value));
  return {
    key: search.key,
    service: search.service ?? null,
    groups: summaries.slice(0, search.limit),
    valueCount: summaries.length,
    spansWithoutValue,
  };
}

function summarise(group: GroupTally): AttributeGroup {
  const traces = [...group.traces.values()];
  const sorted = Float64Array.from(traces, (trace) => trace.durationNs).sort();
  return {
    service: group.service,
    value: group.value,
    traceCount: traces.length,
    errorTraceCount: traces.filter((trace) => trace.isError).length,
    spanCount: group.spanCount,
    p50Ns: percentile(sorted, 0.5),
    p95Ns: percentile(sorted, 0.95),
    p99Ns: percentile(sorted, 0.99),
  };
}
