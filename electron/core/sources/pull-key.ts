import type { FleetQuery } from '../../../shared/fleet/types.js';
import type { DependencyQuery, LogQuery, TraceQuery } from '../../../shared/source-pulls.js';

/**
 * The canonical form of a question: the ledger's `target` and the cache key of its answer. Keys are sorted and
 * absent fields dropped, so the same question asked from the UI, the CLI or a saved casefile is the same key.
 * A relative window stays relative (`"lookbackMs":3600000`): "the last hour" asked again offline finds the last
 * answer, which the result marks with when it was fetched.
 */
export function tracesKey(source: string, query: TraceQuery): string {
  return `${source} traces ${stableJson(query)}`;
}

export function logsKey(source: string, query: LogQuery): string {
  return `${source} logs ${stableJson(query)}`;
}

export function dependenciesKey(source: string, query: DependencyQuery): string {
  return `${source} dependencies ${stableJson(query)}`;
}

export function aggregatesKey(source: string, query: FleetQuery): string {
  return `${source} aggregates ${stableJson(query)}`;
}

/** A trace by id; which source answered is the ledger row's source_id. */
export function traceKey(traceId: string): string {
  return `trace ${traceId}`;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sorted(v)]));
}
