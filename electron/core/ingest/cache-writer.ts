import { createHash } from 'node:crypto';
import type { Attributes } from '../../../shared/model.js';
import type { LogRecordIn, RecordSink, SpanRecord } from '../../../shared/formats/records.js';
import type { Db } from '../db/open-database.js';
import { fingerprint64 } from './fingerprint.js';

export interface WriteCounts {
  spansSeen: number;
  spansAdded: number;
  logsSeen: number;
  logsAdded: number;
}

interface TraceTally {
  startNs: bigint;
  endNs: bigint;
  spans: number;
  errors: number;
  rootService: string | null;
  rootName: string | null;
  hasRoot: boolean;
  services: Set<string>;
}

/**
 * Writes parsed records into the cache inside the caller's transaction. Duplicates (same trace, span and kind; same
 * log content) are skipped by the database, so re-importing a file adds nothing. Trace summaries are tallied in
 * memory and merged once at `flush`, so "recent traces" never needs a scan of the spans table.
 */
export class CacheWriter implements RecordSink {
  readonly counts: WriteCounts = { spansSeen: 0, spansAdded: 0, logsSeen: 0, logsAdded: 0 };
  private readonly insertSpan;
  private readonly insertLink;
  private readonly insertLog;
  private readonly insertResource;
  private readonly resourceHashes = new WeakMap<Attributes, string>();
  private readonly knownResources = new Set<string>();
  private readonly traces = new Map<string, TraceTally>();
  private readonly logsBefore: number;

  constructor(
    private readonly db: Db,
    private readonly loadId: number | null,
  ) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, status_code,
         status_message, attributes, resource_hash, events, links, scope, load_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLink = db.prepare(
      'INSERT OR IGNORE INTO span_links (trace_id, span_id, linked_trace_id, linked_span_id) VALUES (?, ?, ?, ?)',
    );
    this.insertLog = db.prepare(
      `INSERT OR IGNORE INTO logs (time_ns, observed_ns, severity_number, severity_text, body, service, trace_id,
         span_id, attributes, resource_hash, scope, fingerprint, load_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertResource = db.prepare('INSERT OR IGNORE INTO resources (hash, attributes) VALUES (?, ?)');
    // New log rows get ids above the current maximum; flush indexes exactly those.
    this.logsBefore = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM logs').get() as { id: number }).id;
  }

  span(record: SpanRecord): void {
    this.counts.spansSeen++;
    const links = record.links.length > 0 ? JSON.stringify(record.links) : null;
    const result = this.insertSpan.run(
      record.traceId,
      record.spanId,
      record.kind,
      record.parentSpanId,
      record.service,
      record.name,
      record.startNs,
      record.endNs,
      record.statusCode,
      record.statusMessage,
      JSON.stringify(record.attributes),
      this.resourceHash(record.resource),
      record.events.length > 0 ? JSON.stringify(record.events) : null,
      links,
      record.scope === null ? null : JSON.stringify(record.scope),
      this.loadId,
    );
    if (result.changes === 0) return;
    this.counts.spansAdded++;
    for (const link of record.links) this.insertLink.run(record.traceId, record.spanId, link.traceId, link.spanId);
    this.tally(record);
  }

  log(record: LogRecordIn): void {
    this.counts.logsSeen++;
    const attributes = JSON.stringify(record.attributes);
    const resourceHash = this.resourceHash(record.resource);
    const digest = fingerprint64(
      `${record.timeNs}\u0000${record.service}\u0000${record.traceId}\u0000${record.spanId}\u0000${record.severityNumber}` +
        `\u0000${record.severityText}\u0000${record.body}\u0000${attributes}\u0000${resourceHash}`,
    );
    const result = this.insertLog.run(
      record.timeNs,
      record.observedNs,
      record.severityNumber,
      record.severityText,
      record.body,
      record.service,
      record.traceId,
      record.spanId,
      attributes,
      resourceHash,
      record.scope === null ? null : JSON.stringify(record.scope),
      digest,
      this.loadId,
    );
    if (result.changes > 0) this.counts.logsAdded++;
  }

  /** Indexes the new logs for full-text search and merges the tallied trace summaries. */
  flush(): void {
    if (this.counts.logsAdded > 0) {
      this.db.prepare('INSERT INTO logs_fts (rowid, body) SELECT id, body FROM logs WHERE id > ?').run(this.logsBefore);
    }
    const upsertTrace = this.db.prepare(
      `INSERT INTO traces (trace_id, start_ns, end_ns, span_count, error_count, root_service, root_name, has_root)
       VALUES (@traceId, @startNs, @endNs, @spans, @errors, @rootService, @rootName, @hasRoot)
       ON CONFLICT (trace_id) DO UPDATE SET
         start_ns = min(start_ns, excluded.start_ns),
         end_ns = max(end_ns, excluded.end_ns),
         span_count = span_count + excluded.span_count,
         error_count = error_count + excluded.error_count,
         root_service = CASE WHEN excluded.has_root AND NOT has_root THEN excluded.root_service
                             WHEN has_root THEN root_service
                             WHEN excluded.start_ns < start_ns THEN excluded.root_service ELSE root_service END,
         root_name = CASE WHEN excluded.has_root AND NOT has_root THEN excluded.root_name
                          WHEN has_root THEN root_name
                          WHEN excluded.start_ns < start_ns THEN excluded.root_name ELSE root_name END,
         has_root = has_root OR excluded.has_root`,
    );
    const upsertService = this.db.prepare(
      `INSERT INTO trace_services (service, trace_id, start_ns) VALUES (?, ?, ?)
       ON CONFLICT (service, trace_id) DO UPDATE SET start_ns = min(start_ns, excluded.start_ns)`,
    );
    for (const [traceId, t] of this.traces) {
      upsertTrace.run({
        traceId,
        startNs: t.startNs,
        endNs: t.endNs,
        spans: t.spans,
        errors: t.errors,
        rootService: t.rootService,
        rootName: t.rootName,
        hasRoot: t.hasRoot ? 1 : 0,
      });
      for (const service of t.services) upsertService.run(service, traceId, t.startNs);
    }
    this.traces.clear();
  }

  private tally(record: SpanRecord): void {
    let t = this.traces.get(record.traceId);
    const isRoot = record.parentSpanId === null;
    if (t === undefined) {
      t = {
        startNs: record.startNs,
        endNs: record.endNs,
        spans: 0,
        errors: 0,
        rootService: record.service,
        rootName: record.name,
        hasRoot: isRoot,
        services: new Set(),
      };
      this.traces.set(record.traceId, t);
    } else if ((isRoot && !t.hasRoot) || (!t.hasRoot && record.startNs < t.startNs)) {
      // Prefer a real root; without one, the earliest span stands in for it.
      t.rootService = record.service;
      t.rootName = record.name;
      t.hasRoot = isRoot;
    }
    if (record.startNs < t.startNs) t.startNs = record.startNs;
    if (record.endNs > t.endNs) t.endNs = record.endNs;
    t.spans++;
    if (record.statusCode === 2) t.errors++;
    t.services.add(record.service);
  }

  /** Each distinct resource is stored once; spans of one batch share the same object, so it is hashed once. */
  private resourceHash(resource: Attributes): string {
    const cached = this.resourceHashes.get(resource);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(resource);
    const hash = createHash('sha1').update(json).digest('hex').slice(0, 20);
    if (!this.knownResources.has(hash)) {
      this.insertResource.run(hash, json);
      this.knownResources.add(hash);
    }
    this.resourceHashes.set(resource, hash);
    return hash;
  }
}
