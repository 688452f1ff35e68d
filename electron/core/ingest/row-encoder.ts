import { createHash } from 'node:crypto';
import type { Attributes } from '../../../shared/model.js';
import type { LogRecordIn, RecordSink, SpanRecord } from '../../../shared/formats/records.js';
import { fingerprint64 } from './fingerprint.js';

/** A span as the `spans` insert takes it (see RowWriter for the column order). */
export type SpanRow = [
  traceId: string,
  spanId: string,
  kind: number,
  parentId: string | null,
  service: string,
  name: string,
  startNs: bigint,
  endNs: bigint,
  statusCode: number,
  statusMessage: string,
  attributes: string,
  resourceHash: string,
  events: string | null,
  links: string | null,
  scope: string | null,
  traceState: string | null,
];

export type LogRow = [
  timeNs: bigint,
  observedNs: bigint | null,
  severityNumber: number,
  severityText: string,
  body: string,
  service: string,
  traceId: string | null,
  spanId: string | null,
  attributes: string,
  resourceHash: string,
  scope: string | null,
  fingerprint: bigint,
];

/** What the service graph's rules read from a span's attributes (service-graph-rules.ts), null when it has none. */
export type GraphAttributes = [
  dbSystem: string | null,
  dbName: string | null,
  messagingSystem: string | null,
  destination: string | null,
  peerService: string | null,
];

export interface RowBatch {
  spans: SpanRow[];
  /** Beside each span (same index): its graph attributes, for the writer's graph summaries. */
  graph: (GraphAttributes | null)[];
  logs: LogRow[];
  /** Resources first seen in this batch: [hash, attributes JSON]. */
  resources: [string, string][];
}

/**
 * A batch cut into batches of at most `size` rows, in order, its resources with the first (they are stored before any
 * span of the batch). For a burst the encoder gathered at once (a Zipkin window of 20,000 merged spans): written as
 * one, it held the writer ~200 ms before the first of its rows could show.
 */
export function splitBatch(batch: RowBatch, size: number): RowBatch[] {
  if (batch.spans.length + batch.logs.length <= size) return [batch];
  const pieces: RowBatch[] = [];
  for (let i = 0; i < batch.spans.length; i += size) {
    pieces.push({ spans: batch.spans.slice(i, i + size), graph: batch.graph.slice(i, i + size), logs: [], resources: [] });
  }
  for (let i = 0; i < batch.logs.length; i += size) pieces.push({ spans: [], graph: [], logs: batch.logs.slice(i, i + size), resources: [] });
  pieces[0]!.resources = batch.resources;
  return pieces;
}

/**
 * Turns parsed records into the exact rows the cache stores: attributes serialised, resources hashed, log
 * fingerprints computed. It runs on the parsing thread, so the writing thread only inserts.
 */
export class RowEncoder implements RecordSink {
  private batch: RowBatch = { spans: [], graph: [], logs: [], resources: [] };
  private readonly resourceHashes = new WeakMap<Attributes, string>();
  private readonly knownResources = new Set<string>();
  spansSeen = 0;
  logsSeen = 0;

  constructor(private readonly batchSize = 1024) {}

  /** Rows gathered so far, when there are at least `batchSize` of them (or any, with `force`). */
  take(force = false): RowBatch | null {
    const size = this.batch.spans.length + this.batch.logs.length;
    if (size === 0 && this.batch.resources.length === 0) return null;
    if (!force && size < this.batchSize) return null;
    const full = this.batch;
    this.batch = { spans: [], graph: [], logs: [], resources: [] };
    return full;
  }

  span(r: SpanRecord): void {
    this.spansSeen++;
    this.batch.spans.push([
      r.traceId,
      r.spanId,
      r.kind,
      r.parentSpanId,
      r.service,
      r.name,
      r.startNs,
      r.endNs,
      r.statusCode,
      r.statusMessage,
      JSON.stringify(r.attributes),
      this.resourceHash(r.resource),
      r.events.length > 0 ? JSON.stringify(r.events) : null,
      r.links.length > 0 ? JSON.stringify(r.links) : null,
      r.scope === null ? null : JSON.stringify(r.scope),
      r.traceState ?? null,
    ]);
    this.batch.graph.push(graphAttributes(r.attributes));
  }

  log(r: LogRecordIn): void {
    this.logsSeen++;
    const attributes = JSON.stringify(r.attributes);
    const resourceHash = this.resourceHash(r.resource);
    const fingerprint = fingerprint64(
      `${r.timeNs}\u0000${r.service}\u0000${r.traceId}\u0000${r.spanId}\u0000${r.severityNumber}` +
        `\u0000${r.severityText}\u0000${r.body}\u0000${attributes}\u0000${resourceHash}`,
    );
    this.batch.logs.push([
      r.timeNs,
      r.observedNs,
      r.severityNumber,
      r.severityText,
      r.body,
      r.service,
      r.traceId,
      r.spanId,
      attributes,
      resourceHash,
      r.scope === null ? null : JSON.stringify(r.scope),
      fingerprint,
    ]);
  }

  /** Each distinct resource is stored once; spans of one batch share the same object, so it is hashed once. */
  private resourceHash(resource: Attributes): string {
    const cached = this.resourceHashes.get(resource);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(resource);
    const hash = createHash('sha1').update(json).digest('hex').slice(0, 20);
    if (!this.knownResources.has(hash)) {
      this.knownResources.add(hash);
      this.batch.resources.push([hash, json]);
    }
    this.resourceHashes.set(resource, hash);
    return hash;
  }
}

function graphAttributes(a: Attributes): GraphAttributes | null {
  const dbSystem = text(a['db.system']);
  const dbName = text(a['db.name']);
  const messagingSystem = text(a['messaging.system']);
  // SQLite's coalesce over json_extract: the newer key wins whenever it is present and not null.
  const newer = a['messaging.destination.name'];
  const destination = newer === undefined || newer === null ? text(a['messaging.destination']) : text(newer);
  const peerService = text(a['peer.service']);
  if (dbSystem === null && dbName === null && messagingSystem === null && destination === null && peerService === null) return null;
  return [dbSystem, dbName, messagingSystem, destination, peerService];
}

/** As the graph reads a value from SQLite (queries/graph-spans.ts): a non-empty string, else nothing. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
