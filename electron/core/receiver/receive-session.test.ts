import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../../shared/api-types.js';
import type { SpanRecord } from '../../../shared/formats/records.js';
import { tempCache } from '../../../test/temp-cache.js';
import type { Db } from '../db/open-database.js';
import { RowEncoder } from '../ingest/row-encoder.js';
import { RowWriter } from '../ingest/row-writer.js';
import { summaryGraph } from '../queries/graph-summaries.js';
import { rowGraph } from '../queries/service-graph.js';
import { ReceiveSession, type ReceivedRequest } from './receive-session.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const BASE = 1_700_000_000_000_000_000n;

/** Span `i` of one trace: a chain frontend → cart → ads → frontend → …, so every span calls across services. */
function span(i: number, peer = false): SpanRecord {
  const services = ['frontend', 'cart', 'ads'];
  const startNs = BASE + BigInt(i) * 1_000_000n;
  return {
    traceId: TRACE,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? null : i.toString(16).padStart(16, '0'),
    service: services[i % 3]!,
    name: `op-${i}`,
    kind: i % 2 === 0 ? 2 : 3,
    startNs,
    endNs: startNs + 500_000n,
    statusCode: 0,
    statusMessage: '',
    attributes: peer ? { 'peer.service': 'geo' } : {},
    resource: {},
    events: [],
    links: [],
    scope: null,
  };
}

function request(spans: SpanRecord[]): ReceivedRequest {
  const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
  for (const s of spans) encoder.span(s);
  return { decoded: { batch: encoder.take(true), spans: spans.length, logs: 0 }, bytes: 100 };
}

/** An import's write, on the same connection, between two of the receiver's. */
function importSpans(db: Db, spans: SpanRecord[]): void {
  const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
  for (const s of spans) encoder.span(s);
  db.transaction(() => {
    const writer = new RowWriter(db, null);
    writer.write(encoder.take(true)!);
    writer.flush();
  })();
}

/** Calls and nodes, in order (latency is bucketed in the summaries: within 2%, checked in edge-minutes.test). */
function drawn(graph: ServiceGraph): string[] {
  return [
    ...graph.nodes.map((n) => `${n.id} ${n.type} ${n.spanCount}/${n.errorCount}`),
    ...graph.edges.map((e) => `${e.source}→${e.target} ${e.mode} ${e.callCount}/${e.errorCount}`),
  ].sort();
}

let cache: ReturnType<typeof tempCache> | null = null;
afterEach(() => {
  cache?.dispose();
  cache = null;
});

describe('a receiver session adding to a trace request after request', () => {
  it('counts each request from the trace skeleton, children before parents, to what the rows draw', () => {
    cache = tempCache();
    const session = new ReceiveSession(cache.db, 'test');
    // Exporters send spans as they end: children first. Span 30 is a client to a peer that span 31 then answers.
    const spans = Array.from({ length: 60 }, (_, i) => span(i, i === 30)).reverse();
    for (let i = 0; i < spans.length; i += 6) expect(session.store([request(spans.slice(i, i + 6))])[0]).toMatchObject({ spansAdded: 6 });
    // Read from rows once (at the second request), then kept.
    expect(session.skeletons.counted).toEqual({ bySkeleton: 9, fromRows: 0, loaded: 1 });
    expect(drawn(summaryGraph(cache.db, {}))).toEqual(drawn(rowGraph(cache.db, {})));
  });

  it('keeps its skeletons over writes that store no spans (a first look, the ledger)', () => {
    cache = tempCache();
    const session = new ReceiveSession(cache.db, 'test');
    session.store([request([span(9)])]);
    session.store([request([span(8)])]);
    cache.db.prepare("INSERT INTO loads (kind, target, started_at, status) VALUES ('import', 'other.json', 0, 'done')").run();
    session.store([request([span(7)])]);
    expect(session.skeletons.counted).toEqual({ bySkeleton: 2, fromRows: 0, loaded: 1 });
  });

  it('lets its skeletons go when another writer added to the cache in between', () => {
    cache = tempCache();
    const session = new ReceiveSession(cache.db, 'test');
    session.store([request([span(5)])]);
    // Span 5's trace is cached now: this request's span is counted from its skeleton.
    session.store([request([span(4)])]);
    // The import brings span 3's parent: a skeleton kept from before it would count span 3 as waiting for it.
    importSpans(cache.db, [span(2)]);
    session.store([request([span(3)])]);
    expect(session.skeletons.counted.loaded).toBe(2);
    expect(drawn(summaryGraph(cache.db, {}))).toEqual(drawn(rowGraph(cache.db, {})));
    expect(rowGraph(cache.db, {}).edges.reduce((n, e) => n + e.callCount, 0)).toBe(3);
  });
});
