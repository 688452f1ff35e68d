import type { SpanLink } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import type { ArrivedGraph } from './arrived-graph.js';
import type { RowBatch, SpanRow } from './row-encoder.js';
import { SloMinutes } from '../slo/slo-minutes.js';
import { Operations } from './operations.js';
import { ServiceMinutes } from './service-minutes.js';
import { EdgeMinutes } from './edge-minutes.js';
import { LoadWarnings } from './load-warnings.js';
import { indexNewSpanIds } from './span-id-lookup.js';
import { SpanVariants } from './span-variants.js';
import type { TraceSkeletons } from './trace-skeletons.js';

export interface WriteCounts {
  spansAdded: number;
  logsAdded: number;
}

interface TraceTally {
  startNs: bigint;
  endNs: bigint;
  spans: number;
  errors: number;
  rootService: string;
  rootName: string;
  hasRoot: boolean;
  services: Set<string>;
  /** Whether the cache had the trace before this write. */
  known: boolean;
}

/**
 * Inserts encoded rows inside the caller's transaction. Duplicates (same trace, span id, kind and start; same log
 * content) are skipped by the database, so re-importing adds nothing. Trace summaries are tallied from the rows
 * actually inserted and merged once at `flush`, together with full-text indexing of the new logs.
 */
export class RowWriter {
  readonly counts: WriteCounts = { spansAdded: 0, logsAdded: 0 };
  private readonly insertSpan;
  private readonly insertLink;
  private readonly insertLog;
  private readonly insertResource;
  private readonly traces = new Map<string, TraceTally>();
  private readonly minutes: ServiceMinutes;
  private readonly edges: EdgeMinutes;
  private readonly traceKnown;
  private readonly operations = new Operations();
  private readonly slos: SloMinutes;
  private readonly logsBefore: number;
  private readonly variants: SpanVariants;
  /** Spans that share an id, for the load's warnings. */
  readonly warnings = new LoadWarnings();
  /** The trace this writer stored most spans of (what a dropped file opens on), as of the last flush. */
  biggestTrace: { traceId: string; spans: number } | null = null;
  /** The same while rows arrive, before a flush (what a running import shows as it arrives). */
  private arrivingId: string | null = null;
  private arrivingSpans = 0;

  /** `expectedSpans`: a hint of how many spans this write brings; `skeletons`: the receiver's (see EdgeMinutes). */
  constructor(
    private readonly db: Db,
    private readonly loadId: number | null,
    expectedSpans = 0,
    skeletons: TraceSkeletons | null = null,
  ) {
    this.insertSpan = db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, status_code,
         status_message, attributes, resource_hash, events, links, scope, trace_state, load_id, variant)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLink = db.prepare(
      'INSERT OR IGNORE INTO span_links (trace_id, span_id, linked_trace_id, linked_span_id) VALUES (?, ?, ?, ?)',
    );
    this.insertLog = db.prepare(
      `INSERT OR IGNORE INTO logs (time_ns, observed_ns, severity_number, severity_text, body, service, trace_id,
         span_id, attributes, resource_hash, scope, fingerprint, load_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.variants = new SpanVariants(db);
    this.edges = new EdgeMinutes(db, expectedSpans, skeletons);
    this.minutes = new ServiceMinutes(db);
    this.traceKnown = db.prepare('SELECT 1 FROM traces WHERE trace_id = ?').pluck();
    this.insertResource = db.prepare('INSERT OR IGNORE INTO resources (hash, attributes) VALUES (?, ?)');
    this.slos = SloMinutes.load(db);
    // New log rows get ids above the current maximum; flush indexes exactly those.
    this.logsBefore = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM logs').get() as { id: number }).id;
  }

  write(batch: RowBatch): void {
    for (const [hash, json] of batch.resources) this.insertResource.run(hash, json);
    const loadId = this.loadId;
    for (let i = 0; i < batch.spans.length; i++) {
      const row = batch.spans[i]!;
      if (this.insertSpan.run(...row, loadId, 0).changes === 0 && !this.keepDistinct(row, loadId)) continue;
      this.counts.spansAdded++;
      const links = row[13] === null ? null : (JSON.parse(row[13]) as SpanLink[]);
      for (const link of links ?? []) this.insertLink.run(row[0], row[1], link.traceId, link.spanId);
      this.edges.span(row, batch.graph[i] ?? null, links, this.tally(row).known);
      this.minutes.span(row[4], row[6], row[8] === 2);
      this.operations.span(row[4], row[5], row[6], row[8] === 2);
      if (!this.slos.empty) {
        const [, , kind, parentId, service, name, startNs, endNs, statusCode, , attributes, , , , , traceState] = row;
        this.slos.span({ service, name, kind, hasParent: parentId !== null, startNs, endNs, statusCode, attributes, traceState });
      }
    }
    for (const row of batch.logs) {
      if (this.insertLog.run(...row, loadId).changes === 0) continue;
      this.counts.logsAdded++;
      this.minutes.log(row[5], row[0]);
    }
  }

  /**
   * A span the identity refused: the same span again is skipped; a different span reusing the id is stored under its
   * variant (true) and said, never dropped without a word.
   */
  private keepDistinct(row: SpanRow, loadId: number | null): boolean {
    const collision = this.variants.collision(row);
    if (collision.kind === 'same') return false;
    const added = this.insertSpan.run(...row, loadId, collision.variant).changes > 0;
    const kept = added || this.variants.collision(row, collision.variant).kind === 'same';
    const other = collision.other;
    this.warnings.add(
      `span id ${row[1]} is used by two different spans starting at the same time: "${other.service}: ${other.name}" and ` +
        `"${row[4]}: ${row[5]}"; ${kept ? 'both are kept' : 'the second could not be kept'}`,
      row[0],
    );
    return added;
  }

  /**
   * Indexes the new logs for full-text search, merges the tallied trace summaries and (unless `spanIds` is false:
   * the receiver batches that across requests) adds the new span ids to the span-id lookup.
   */
  flush({ spanIds = true }: { spanIds?: boolean } = {}): void {
    if (spanIds && this.counts.spansAdded > 0) indexNewSpanIds(this.db);
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
    // Read before writing: service_minutes counts each trace_services row at the minute of its start.
    const serviceStart = this.db.prepare('SELECT start_ns FROM trace_services WHERE service = ? AND trace_id = ?').safeIntegers(true).pluck();
    const insertService = this.db.prepare('INSERT INTO trace_services (service, trace_id, start_ns) VALUES (?, ?, ?)');
    const moveService = this.db.prepare('UPDATE trace_services SET start_ns = ? WHERE service = ? AND trace_id = ?');
    // Before the traces are merged: the graph's summaries tell cached traces from new ones.
    this.edges.flush();
    let newTraces = 0;
    for (const [traceId, t] of this.traces) {
      if (!t.known) newTraces++;
      if (t.spans > (this.biggestTrace?.spans ?? 0)) this.biggestTrace = { traceId, spans: t.spans };
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
      for (const service of t.services) {
        // A trace new to the cache has no trace_services rows yet (they are written with its traces row).
        const before = t.known ? (serviceStart.get(service, traceId) as bigint | undefined) : undefined;
        if (before === undefined) insertService.run(service, traceId, t.startNs);
        else if (t.startNs < before) moveService.run(t.startNs, service, traceId);
        else continue;
        this.minutes.traceService(service, before ?? null, t.startNs);
      }
    }
    this.traces.clear();
    if (newTraces > 0) this.db.prepare('UPDATE cache_totals SET traces = traces + ? WHERE id = 1').run(newTraces);
    this.minutes.flush(this.db);
    this.operations.flush(this.db);
    this.slos.flush(this.db);
  }

  private tally(row: SpanRow): TraceTally {
    const [traceId, , , parentId, service, name, startNs, endNs, statusCode] = row;
    let t = this.traces.get(traceId);
    const isRoot = parentId === null;
    if (t === undefined) {
      const known = this.traceKnown.get(traceId) !== undefined;
      t = { startNs, endNs, spans: 0, errors: 0, rootService: service, rootName: name, hasRoot: isRoot, services: new Set(), known };
      this.traces.set(traceId, t);
    } else if ((isRoot && !t.hasRoot) || (!t.hasRoot && startNs < t.startNs)) {
      // Prefer a real root; without one, the earliest span stands in for it.
      t.rootService = service;
      t.rootName = name;
      t.hasRoot = isRoot;
    }
    if (startNs < t.startNs) t.startNs = startNs;
    if (endNs > t.endNs) t.endNs = endNs;
    t.spans++;
    if (statusCode === 2) t.errors++;
    t.services.add(service);
    if (t.spans > this.arrivingSpans) {
      this.arrivingId = traceId;
      this.arrivingSpans = t.spans;
    }
    return t;
  }

  /** What this write has stored so far, for the graph (see ArrivedGraph). */
  arrivedGraph(): ArrivedGraph {
    return { spans: this.counts.spansAdded, edges: this.edges.arrivedRows(), services: this.minutes.spanRows(), loadId: this.loadId };
  }

  /** The trace this writer has stored most spans of so far, flushed or not. */
  arriving(): { traceId: string; spans: number } | null {
    return this.arrivingId === null ? null : { traceId: this.arrivingId, spans: this.arrivingSpans };
  }
}
