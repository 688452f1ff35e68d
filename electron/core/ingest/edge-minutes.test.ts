import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../test/fuzz/rng.js';
import { tempCache } from '../../../test/temp-cache.js';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../shared/api-types.js';
import type { SpanRecord } from '../../../shared/formats/records.js';
import type { Attributes } from '../../../shared/model.js';
import { SERVER, type GraphLookup } from '../../../shared/service-graph-rules.js';
import { buildServiceGraph, type GraphSpan } from '../../../shared/service-graph.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, toGraphSpan } from '../queries/graph-spans.js';
import { edgeSummariesReady, summaryGraph } from '../queries/graph-summaries.js';
import { finishLoad, startLoad } from '../queries/loads.js';
import { callGraph, rowGraph } from '../queries/service-graph.js';
import { rebuildEdgeMinutes } from './edge-minutes-rebuild.js';
import { RowEncoder } from './row-encoder.js';
import { RowWriter } from './row-writer.js';
import { TraceSkeletons } from './trace-skeletons.js';

/** A seeded generator (test/fuzz/rng.ts), so a failing seed can be replayed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

const BASE = 1_700_000_000_000_000_000n;
const MINUTE = 60_000_000_000n;
const SERVICES = ['frontend', 'cart', 'ads', 'payments', 'orders', 'redis-proxy'];

/**
 * Traces with every shape the graph's rules look at: calls across services, databases, queues (with and without a
 * destination), external peers (some answered by a service), span links across traces and to the own parent, Zipkin
 * shared ids (a client and a server half with one id), orphans whose parent never comes, errors and zero durations.
 */
function scenario(seed: number, traces: number): SpanRecord[] {
  const r = random(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const spans: SpanRecord[] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = hex(seed * 1000 + t + 1, 32);
    const count = 1 + Math.floor(r() * 12);
    const ids: string[] = [];
    const traceStart = BASE + BigInt(Math.floor(r() * 10 * 60)) * 1_000_000_000n;
    for (let i = 0; i < count; i++) {
      const spanId = hex(t * 100 + i + 1, 16);
      const orphan = r() < 0.05;
      const parentSpanId = i === 0 ? null : orphan ? hex(0xdead00 + i, 16) : pick(ids);
      const kind = pick([0, 1, 2, 3, 3, 4, 5]);
      const attributes: Attributes = {};
      const roll = r();
      if (roll < 0.15) {
        // One system per database name (a node's system is its first span's, which order would decide otherwise).
        const postgres = r() < 0.5;
        attributes['db.system'] = postgres ? 'postgresql' : 'redis';
        if (r() < 0.5) attributes['db.name'] = postgres ? 'orders-db' : 'cache';
        if (r() < 0.2) attributes['peer.service'] = postgres ? 'orders-db' : 'cart';
      } else if (roll < 0.3) {
        attributes['messaging.system'] = 'kafka';
        const topic = pick(['orders', 'events', '']);
        if (topic !== '') attributes[r() < 0.5 ? 'messaging.destination.name' : 'messaging.destination'] = topic;
      } else if (roll < 0.42) {
        attributes['peer.service'] = pick(['payments-api', 'cart', 'geo']);
      }
      const startNs = traceStart + BigInt(Math.floor(r() * 120_000)) * 1_000_000n;
      const links =
        kind === 5 && r() < 0.5
          ? [r() < 0.3 && parentSpanId !== null ? { traceId, spanId: parentSpanId } : { traceId: hex(seed * 1000 + Math.floor(r() * traces) + 1, 32), spanId: hex(Math.floor(r() * traces) * 100 + 1 + Math.floor(r() * 3), 16) }].map(
              (l) => ({ ...l, traceState: '', attributes: {} }),
            )
          : [];
      const span: SpanRecord = {
        traceId,
        spanId,
        parentSpanId,
        service: pick(SERVICES),
        name: `op-${i}`,
        kind,
        startNs,
        endNs: startNs + (r() < 0.05 ? 0n : BigInt(Math.floor(Math.exp(8 + r() * 10)))),
        statusCode: r() < 0.1 ? 2 : 0,
        statusMessage: '',
        attributes,
        resource: {},
        events: [],
        links,
        scope: null,
      };
      spans.push(span);
      ids.push(spanId);
      if (kind === 3 && r() < 0.3) {
        // Zipkin's shared RPC span: the server half reuses the client's id, in another service.
        spans.push({ ...span, kind: SERVER, service: pick(SERVICES), startNs: startNs + 1000n, attributes: {}, links: [] });
      }
    }
  }
  return spans;
}

function shuffled<T>(list: T[], r: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Stores spans as imports do: one RowWriter per write, flushed, in a transaction; with `skeletons`, as the receiver does. */
function write(db: Db, spans: SpanRecord[], skeletons: TraceSkeletons | null = null): void {
  const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
  for (const s of spans) encoder.span(s);
  const batch = encoder.take(true);
  if (batch === null) return;
  db.transaction(() => {
    const writer = new RowWriter(db, null, 0, skeletons);
    writer.write(batch);
    writer.flush();
  })();
}

const byKey = <T extends GraphEdge | GraphNode>(list: T[], key: (x: T) => string) => new Map(list.map((x) => [key(x), x]));
const edgeKey = (e: GraphEdge) => `${e.source}→${e.target} ${e.mode}`;

/** Same nodes and edges, same counts; percentiles within the buckets' 2%. */
function expectSameGraph(actual: ServiceGraph, expected: ServiceGraph): void {
  const strip = ({ id, type, system, spanCount, errorCount }: GraphNode) => ({ id, type, system, spanCount, errorCount });
  expect([...byKey(actual.nodes, (n) => n.id)].map(([, n]) => strip(n)).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    expected.nodes.map(strip).sort((a, b) => a.id.localeCompare(b.id)),
  );
  const got = byKey(actual.edges, edgeKey);
  expect([...got.keys()].sort()).toEqual(expected.edges.map(edgeKey).sort());
  for (const want of expected.edges) {
    const edge = got.get(edgeKey(want))!;
    expect({ calls: edge.callCount, errors: edge.errorCount }, edgeKey(want)).toEqual({ calls: want.callCount, errors: want.errorCount });
    for (const p of ['p50Ns', 'p95Ns', 'p99Ns'] as const) {
      // Negative durations (clock skew) count as zero in the buckets.
      const exact = Math.max(0, want[p]);
      expect(Math.abs(edge[p] - exact), `${edgeKey(want)} ${p}`).toBeLessThanOrEqual(exact * 0.0201);
    }
  }
}

/** The spans without links and shared ids (their edges wait for a write's flush), their attributes as `keep` leaves them. */
function countedOnArrival(spans: SpanRecord[], keep: (attributes: Attributes) => Attributes): SpanRecord[] {
  const seen = new Set<string>();
  const first = (s: SpanRecord) => !seen.has(`${s.traceId}/${s.spanId}`) && seen.add(`${s.traceId}/${s.spanId}`) !== undefined;
  return spans.filter(first).map((s) => ({ ...s, links: [], attributes: keep(s.attributes) }));
}

const callsOf = (g: ServiceGraph) => g.edges.reduce((n, e) => n + e.callCount, 0);

function cachedSpans(db: Db, where = 'true'): GraphSpan[] {
  return (db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE ${where}`).raw(true).all() as unknown[][]).map(toGraphSpan);
}

/** The rules' lookups over every cached span, in memory: what a window's spans see of the rest of the cache. */
function lookupOver(all: GraphSpan[]): GraphLookup {
  const byId = new Map<string, GraphSpan>();
  for (const s of all) {
    const key = `${s.traceId}/${s.spanId}`;
    const existing = byId.get(key);
    if (existing === undefined || (s.kind === SERVER && existing.kind !== SERVER)) byId.set(key, s);
  }
  const answered = new Set<string>();
  for (const s of all) {
    const parent = s.parentId === null ? undefined : byId.get(`${s.traceId}/${s.parentId}`);
    if (parent !== undefined && parent.service !== s.service) answered.add(`${s.traceId}/${s.parentId}`);
  }
  return {
    parent: (t, id) => byId.get(`${t}/${id}`),
    linked: (t, id) => byId.get(`${t}/${id}`),
    callsOut: (t, id) => answered.has(`${t}/${id}`),
  };
}

describe('graph summaries (edge_minutes) on a real SQLite file', () => {
  let cache: ReturnType<typeof tempCache> | null = null;
  afterEach(() => {
    cache?.dispose();
    cache = null;
  });

  it('draw what the rows draw, however the spans are split into writes and ordered', () => {
    for (let seed = 1; seed <= 12; seed++) {
      cache?.dispose();
      cache = tempCache();
      const { db } = cache;
      const r = random(seed + 99);
      const spans = shuffled(scenario(seed, 40), r);
      // Writes of every size: a trace split across writes is counted again from its rows, before and after.
      const writes = seed % 3 === 0 ? 1 : 2 + Math.floor(r() * 6);
      for (let w = 0; w < writes; w++) write(db, spans.filter((_, i) => i % writes === w));
      expect(edgeSummariesReady(db)).toBe(true);
      expectSameGraph(summaryGraph(db, {}), rowGraph(db, {}));
    }
  });

  it("count a cached trace's new spans from its skeleton, write after write, to what the rows draw", () => {
    for (let seed = 1; seed <= 8; seed++) {
      cache?.dispose();
      cache = tempCache();
      const { db } = cache;
      const r = random(seed + 7);
      // Odd seeds: every shape, so traces with shared ids or links are counted from their rows; even: none of those.
      const all = scenario(seed, 30);
      const spans = shuffled(seed % 2 === 1 ? all : countedOnArrival(all, (attributes) => attributes), r);
      const skeletons = new TraceSkeletons();
      // Small writes, as an exporter's requests: most traces arrive over several, children before parents as often as not.
      const writes = 12 + Math.floor(r() * 8);
      for (let w = 0; w < writes; w++) {
        write(db, spans.filter((_, i) => i % writes === w), skeletons);
        if (w % 4 === 3) expectSameGraph(summaryGraph(db, {}), rowGraph(db, {}));
      }
      expectSameGraph(summaryGraph(db, {}), rowGraph(db, {}));
      expect(skeletons.counted.bySkeleton, `seed ${seed}`).toBeGreaterThan(20);
      if (seed % 2 === 0) expect(skeletons.counted.fromRows, `seed ${seed}`).toBe(0);
    }
  });

  it('answer a ragged window from its whole minutes plus its edges counted from rows, parents anywhere', () => {
    cache = tempCache();
    const { db } = cache;
    const spans = scenario(7, 120);
    write(db, spans.slice(0, 300));
    write(db, spans.slice(300));
    const all = cachedSpans(db);
    for (const [from, to] of [[2n * MINUTE + 17_000_000_123n, 7n * MINUTE + 3_000_000_000n], [MINUTE / 3n, MINUTE / 2n], [0n, 4n * MINUTE - 1n]]) {
      const startNs = (BASE + from!).toString();
      const endNs = (BASE + to!).toString();
      const inWindow = cachedSpans(db, `start_ns BETWEEN ${startNs} AND ${endNs}`);
      expectSameGraph(summaryGraph(db, { startNs, endNs }), buildServiceGraph(inWindow, undefined, lookupOver(all)));
      // A first paint counts the whole minutes around the window, and says so.
      const first = summaryGraph(db, { startNs, endNs }, true);
      const minute = (ns: bigint) => (ns / MINUTE) * MINUTE;
      expect(first.counted).toEqual({ startNs: minute(BASE + from!).toString(), endNs: (minute(BASE + to!) + MINUTE - 1n).toString() });
      expect(first).toEqual({ ...summaryGraph(db, first.counted!), counted: first.counted });
    }
    expect(summaryGraph(db, {}, true).counted).toBeUndefined();
  });

  it('counts again from the rows to the same summaries (caches from before migration 20, casefiles)', () => {
    cache = tempCache();
    const { db } = cache;
    const spans = shuffled(scenario(5, 60), random(5));
    write(db, spans.slice(0, 200));
    write(db, spans.slice(200));
    const rows = () => db.prepare('SELECT minute, source, target, mode, leaf, calls, errors, hex(latency) AS latency FROM edge_minutes ORDER BY 1, 2, 3, 4, 5').all();
    const incremental = rows();
    db.prepare('UPDATE edge_minutes_state SET ready = 0').run();
    expect(edgeSummariesReady(db)).toBe(false);
    db.transaction(() => rebuildEdgeMinutes(db))();
    expect(edgeSummariesReady(db)).toBe(true);
    // Latency bytes may list buckets in another order; counts per bucket must agree.
    const unpack = (list: unknown[]) => list.map((row) => ({ ...(row as object), latency: [...((row as { latency: string }).latency.match(/.{16}/g) ?? [])].sort() }));
    expect(unpack(rows())).toEqual(unpack(incremental));
  });

  it('adds nothing when the same spans come again', () => {
    cache = tempCache();
    const { db } = cache;
    const spans = scenario(3, 30);
    write(db, spans);
    const before = db.prepare('SELECT sum(calls) AS calls FROM edge_minutes').get();
    write(db, spans);
    expect(db.prepare('SELECT sum(calls) AS calls FROM edge_minutes').get()).toEqual(before);
  });

  it("of an import still writing, add what has arrived to the committed graph: all of it once each span's parent has come", () => {
    cache = tempCache();
    const { db } = cache;
    // Plain calls, databases and queues: the edges a write counts as its spans arrive (peers, links and shared ids wait for the flush).
    const spans = countedOnArrival(scenario(5, 60), (attributes) => Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== 'peer.service')));
    const traces = [...new Set(spans.map((s) => s.traceId))];
    const committed = new Set(traces.slice(0, 20));
    write(db, spans.filter((s) => committed.has(s.traceId)));
    const arriving = spans.filter((s) => !committed.has(s.traceId));
    const reader = openDatabase(cache.path, { readonly: true });
    try {
      const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
      for (const s of arriving) encoder.span(s);
      db.exec('BEGIN');
      const writer = new RowWriter(db, null);
      writer.write(encoder.take(true)!);
      const whileWriting = summaryGraph(reader, {}, false, writer.arrivedGraph());
      expect(whileWriting.arriving).toEqual({ spans: arriving.length, from: 'import' });
      const committedOnly = summaryGraph(reader, {});
      writer.flush();
      db.exec('COMMIT');
      const final = summaryGraph(reader, {});
      expect(final.arriving).toBeUndefined();
      expectSameGraph(whileWriting, final);
      expect(callsOf(committedOnly)).toBeLessThan(callsOf(final));
    } finally {
      reader.close();
    }
  });

  it('of an import that committed after its tallies were taken, count its calls once, from the summaries', () => {
    cache = tempCache();
    const { db } = cache;
    const spans = countedOnArrival(scenario(6, 40), (attributes) => attributes);
    const reader = openDatabase(cache.path, { readonly: true });
    try {
      const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
      for (const s of spans) encoder.span(s);
      const loadId = startLoad(db, { kind: 'import', target: 'arriving.json' });
      db.exec('BEGIN');
      const writer = new RowWriter(db, loadId);
      writer.write(encoder.take(true)!);
      // Taken by a graph request just before the commit, read just after it.
      const arrived = writer.arrivedGraph();
      expect(callGraph(reader, {}, false, false, arrived).arriving).toEqual({ spans: spans.length, from: 'import' });
      writer.flush();
      finishLoad(db, loadId, { status: 'done', format: 'otlp-json', bytes: 0, spansSeen: spans.length, logsSeen: 0, ...writer.counts, error: null });
      db.exec('COMMIT');
      const late = callGraph(reader, {}, false, false, arrived);
      expect(late.arriving).toBeUndefined();
      expect(callsOf(late)).toBe(callsOf(callGraph(reader, {}, false)));
      expect(callsOf(late)).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
  });

  it('of an import still writing, leave out calls whose parent has not arrived yet, and a window without its minutes', () => {
    cache = tempCache();
    const { db } = cache;
    const spans = countedOnArrival(scenario(8, 30), () => ({}));
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    for (const s of [...spans].reverse()) encoder.span(s);
    db.exec('BEGIN');
    const writer = new RowWriter(db, null);
    writer.write(encoder.take(true)!);
    const arrived = writer.arrivedGraph();
    const whileWriting = summaryGraph(db, {}, false, arrived);
    writer.flush();
    const final = summaryGraph(db, {});
    db.exec('COMMIT');
    expect(callsOf(final)).toBeGreaterThan(0);
    expect(callsOf(whileWriting)).toBeLessThan(callsOf(final));
    // Every service that has a span is there at once, with its spans counted.
    expect(whileWriting.nodes.filter((n) => n.type === 'service').map((n) => [n.id, n.spanCount]).sort()).toEqual(
      final.nodes.filter((n) => n.type === 'service').map((n) => [n.id, n.spanCount]).sort(),
    );
    const before = (BASE - MINUTE).toString();
    expect(summaryGraph(db, { endNs: before }, false, arrived)).toMatchObject({ nodes: [], edges: [], arriving: { spans: spans.length } });
  });
});
