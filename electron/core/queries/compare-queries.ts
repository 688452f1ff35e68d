import { BubbleUp } from '../../../shared/analysis/compare/bubble-up.js';
import type { BubbleUpResult, Selection } from '../../../shared/analysis/compare/compare-types.js';
import { serviceScopedKey, type ValueSample } from '../../../shared/analysis/compare/value-compare.js';
import type { Attributes } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, attributes, nsBound } from './rows.js';
import type { WindowBounds } from './window-spans.js';

const SERVER = 2;
const CONSUMER = 5;
const ERROR = 2;

function params(bounds: WindowBounds) {
  return { start: nsBound(bounds.startNs, MIN_NS), end: nsBound(bounds.endNs, MAX_NS), ...(bounds.service === undefined ? {} : { service: bounds.service }) };
}

/** Resources are few (one per distinct attribute set): parsed once each, on first sight. */
function resourceCache(db: Db): (hash: string) => Attributes {
  const read = db.prepare('SELECT attributes FROM resources WHERE hash = ?').pluck();
  const cache = new Map<string, Attributes>();
  return (hash) => {
    let found = cache.get(hash);
    if (found === undefined) {
      found = attributes(read.get(hash));
      cache.set(hash, found);
    }
    return found;
  };
}

/** Spans of the window (of the service), walked through the (service, start) or (start) index, one row at a time. */
function spanRows(db: Db, bounds: WindowBounds, columns: string, extra = ''): IterableIterator<Record<string, unknown>> {
  const where = bounds.service === undefined ? 'start_ns BETWEEN @start AND @end' : 'service = @service AND start_ns BETWEEN @start AND @end';
  return db
    .prepare(`SELECT ${columns} FROM spans WHERE ${where} ${extra}`)
    .safeIntegers(true)
    .iterate(params(bounds)) as IterableIterator<Record<string, unknown>>;
}

function inSelection(selection: Selection, row: Record<string, unknown>, attrs: Attributes, resource: Attributes): boolean {
  switch (selection.kind) {
    case 'slow':
      return Number((row.end_ns as bigint) - (row.start_ns as bigint)) >= selection.minDurationNs;
    case 'errors':
      return Number(row.status_code) === ERROR;
    case 'range':
      return (row.start_ns as bigint) >= BigInt(selection.startNs) && (row.start_ns as bigint) <= BigInt(selection.endNs);
    case 'value': {
      const value = attrs[selection.key] ?? resource[selection.key] ?? (selection.key === 'span.name' ? (row.name as string) : undefined);
      return value !== undefined && (typeof value === 'string' ? value : JSON.stringify(value)) === selection.value;
    }
  }
}

/** BubbleUp over the window's spans: span and resource attributes, plus the span's name, selection vs the rest. */
export function bubbleUp(db: Db, bounds: WindowBounds, selection: Selection, limitKeys: number): BubbleUpResult {
  const resourceOf = resourceCache(db);
  const where = bounds.service === undefined ? 'start_ns BETWEEN @start AND @end' : 'service = @service AND start_ns BETWEEN @start AND @end';
  const total = Number(db.prepare(`SELECT count(*) FROM spans WHERE ${where}`).pluck().get(params(bounds)));
  const counts = new BubbleUp(BubbleUp.strideFor(total));
  for (const row of spanRows(db, bounds, 'name, start_ns, end_ns, status_code, attributes, resource_hash')) {
    // Parsed only when counted: the JSON is most of a row's cost, and the sample skips most of the rest.
    const read = () => ({ ...resourceOf(row.resource_hash as string), ...attributes(row.attributes), 'span.name': row.name as string });
    if (selection.kind === 'value') {
      const all = read();
      counts.add(all, inSelection(selection, row, all, {}));
    } else counts.add(read, inSelection(selection, row, {}, {}));
  }
  return counts.result(limitKeys);
}

/**
 * Requests of the service (its server and consumer spans; every span of it when it has none) with the value of `key`
 * on the span or its resource, for the side-by-side of values.
 */
export function valueSamples(db: Db, bounds: WindowBounds, key: string): ValueSample[] {
  const resourceOf = resourceCache(db);
  // Across all services a service's own key (service.version) is kept per service: releases of two services differ.
  const perService = bounds.service === undefined && serviceScopedKey(key);
  const read = (kinds: boolean) => {
    const out: ValueSample[] = [];
    for (const row of spanRows(db, bounds, 'start_ns, end_ns, status_code, attributes, resource_hash, service', kinds ? `AND kind IN (${SERVER}, ${CONSUMER})` : '')) {
      const own = attributes(row.attributes)[key];
      const value = own ?? resourceOf(row.resource_hash as string)[key];
      out.push({
        value: value === undefined || value === null ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value),
        ...(perService ? { service: row.service as string } : {}),
        durationNs: Number((row.end_ns as bigint) - (row.start_ns as bigint)),
        error: Number(row.status_code) === ERROR,
      });
    }
    return out;
  };
  const servers = read(true);
  return servers.length > 0 || bounds.service === undefined ? servers : read(false);
}

/** The span of time the window's traces actually cover (for rates), in ns. */
export function coveredNs(db: Db, bounds: WindowBounds): number {
  const row = db
    .prepare('SELECT min(start_ns) AS a, max(end_ns) AS b FROM traces WHERE start_ns BETWEEN @start AND @end')
    .safeIntegers(true)
    .get({ start: nsBound(bounds.startNs, MIN_NS), end: nsBound(bounds.endNs, MAX_NS) }) as { a: bigint | null; b: bigint | null };
  return row.a === null || row.b === null ? 0 : Number(row.b - row.a);
}
