import { bucketOf } from '../../../shared/latency-buckets.js';
import { CONSUMER, ownEdges, parentEdge, type GraphLookup, type RuleSpan, type SpanEdge } from '../../../shared/service-graph-rules.js';
import type { Db } from '../db/open-database.js';
import { GRAPH_SPAN_COLUMNS, toGraphSpan, type TimedGraphSpan } from '../queries/graph-spans.js';
import type { EdgeTally } from './edge-tally.js';

/** Spans kept over all skeletons (~150 bytes each): past it the least recently written traces are let go. */
const MAX_SPANS = 300_000;

/** Where a span's edge is counted: its minute, latency bucket and error. */
interface Counted {
  minute: number;
  bucket: number;
  isError: boolean;
}

interface SkeletonSpan {
  service: string;
  kind: number;
  /** Some span in another service names it as its parent. */
  calledOut: boolean;
  /** The external-peer edge it is counted on (ownEdges), taken back if another service turns out to answer it. */
  leaf: { edge: SpanEdge; at: Counted } | null;
}

/** A span whose parent is not in the cache yet: its call is counted when the parent comes. */
interface Orphan extends Counted {
  span: Pick<RuleSpan, 'service' | 'kind' | 'messagingSystem'>;
}

/**
 * What the graph's rules need of one cached trace to count a write's new spans of it without reading the trace again:
 * each span's service and kind, whether another service answered it, the external edge it makes, and the children
 * still waiting for their parent. Traces the rules would need more of (a span id shared by two spans, a consumer's
 * links) have no skeleton: they are counted again from their rows.
 */
class TraceSkeleton {
  private readonly spans = new Map<string, SkeletonSpan>();
  private readonly orphans = new Map<string, Orphan[]>();

  get size(): number {
    return this.spans.size;
  }

  /** The skeleton of spans already counted into edge_minutes; null when the rules need more of this trace. */
  static of(spans: readonly TimedGraphSpan[]): TraceSkeleton | null {
    const skeleton = new TraceSkeleton();
    return skeleton.take(spans, null) ? skeleton : null;
  }

  /**
   * Adds spans, telling `tally` (when given) what they change: their calls, the calls of children that waited for
   * them, and the external edges they make or take back. False, with nothing changed, when the rules need more.
   */
  take(added: readonly TimedGraphSpan[], tally: EdgeTally | null): boolean {
    const ids = new Set<string>();
    for (const span of added) {
      if (this.spans.has(span.spanId) || ids.has(span.spanId) || linksOut(span)) return false;
      ids.add(span.spanId);
    }
    const count = (at: Counted, edge: SpanEdge | null, sign: 1 | -1 = 1) => {
      if (edge !== null) tally?.add(at.minute, edge, at.isError, at.bucket, sign);
    };
    const answered = (parent: SkeletonSpan) => {
      if (parent.calledOut) return;
      parent.calledOut = true;
      if (parent.leaf !== null) count(parent.leaf.at, parent.leaf.edge, -1);
      parent.leaf = null;
    };
    for (const span of added) this.spans.set(span.spanId, { service: span.service, kind: span.kind, calledOut: false, leaf: null });
    for (const span of added) {
      const at = countedAt(span);
      if (span.parentId !== null) {
        const parent = this.spans.get(span.parentId);
        if (parent === undefined) this.wait(span.parentId, { span, ...at });
        else {
          if (parent.service !== span.service) answered(parent);
          count(at, parentEdge(span, parent));
        }
      }
      const waiting = this.orphans.get(span.spanId);
      if (waiting === undefined) continue;
      this.orphans.delete(span.spanId);
      const parent = this.spans.get(span.spanId)!;
      for (const child of waiting) {
        if (parent.service !== child.span.service) answered(parent);
        count(child, parentEdge(child.span as RuleSpan, parent));
      }
    }
    const lookup: GraphLookup = {
      parent: () => undefined,
      linked: () => undefined,
      callsOut: (_traceId, spanId) => this.spans.get(spanId)?.calledOut === true,
    };
    for (const span of added) {
      const at = countedAt(span);
      ownEdges(span, lookup, (edge) => {
        if (edge.leaf?.type === 'external') this.spans.get(span.spanId)!.leaf = { edge, at };
        count(at, edge);
      });
    }
    return true;
  }

  private wait(parentId: string, orphan: Orphan): void {
    const list = this.orphans.get(parentId);
    if (list === undefined) this.orphans.set(parentId, [orphan]);
    else list.push(orphan);
  }
}

/** A consumer whose links the rules would follow (to any span of any trace). */
function linksOut(span: TimedGraphSpan): boolean {
  return span.kind === CONSUMER && span.links.length > 0 && span.messagingSystem === null;
}

function countedAt(span: TimedGraphSpan): Counted {
  return { minute: span.minute, bucket: bucketOf(span.durationNs), isError: span.isError };
}

/**
 * The skeletons of the traces a receiver session keeps writing to. Without them, every request that adds spans to a
 * cached trace counts that whole trace again from its rows, twice: a trace received in many requests costs the square
 * of its size. With them, a trace's rows are read once, then each request costs what it brings.
 *
 * The owner must `clear()` whenever the cache may have changed behind them (another writer, a rolled-back write).
 */
export class TraceSkeletons {
  private readonly traces = new Map<string, TraceSkeleton>();
  private spans = 0;
  /** How writes were counted (and how many skeletons were read from rows), for tests and benchmarks. */
  readonly counted = { bySkeleton: 0, fromRows: 0, loaded: 0 };

  /**
   * Counts the new spans (rowid past `rowidBefore`) of `traces`, all cached before this write, into `tally`. Returns
   * the traces it could not count, for the caller to count again from their rows.
   */
  count(db: Db, traces: ReadonlySet<string>, rowidBefore: number, tally: EdgeTally): string[] {
    if (traces.size === 0) return [];
    const added = new Map<string, TimedGraphSpan[]>();
    // The write's own rows, by rowid: what this write costs, however big its traces are (`+trace_id` keeps SQLite
    // from walking the traces' whole identity index instead).
    const rows = db
      .prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE rowid > ? AND +trace_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .raw(true)
      .all(rowidBefore, JSON.stringify([...traces])) as unknown[][];
    for (const row of rows) {
      const span = toGraphSpan(row);
      const list = added.get(span.traceId);
      if (list === undefined) added.set(span.traceId, [span]);
      else list.push(span);
    }
    const before = db.prepare(`SELECT ${GRAPH_SPAN_COLUMNS} FROM spans WHERE trace_id = ? AND rowid <= ?`).raw(true);
    const recount: string[] = [];
    for (const traceId of traces) {
      const spans = added.get(traceId) ?? [];
      let skeleton = this.traces.get(traceId) ?? null;
      this.forget(traceId);
      if (skeleton === null) {
        this.counted.loaded++;
        skeleton = TraceSkeleton.of((before.all(traceId, rowidBefore) as unknown[][]).map(toGraphSpan));
      }
      if (skeleton === null || !skeleton.take(spans, tally)) {
        recount.push(traceId);
        this.counted.fromRows++;
        continue;
      }
      this.counted.bySkeleton++;
      this.keep(traceId, skeleton);
    }
    return recount;
  }

  clear(): void {
    this.traces.clear();
    this.spans = 0;
  }

  /** Kept as the most recently written; the least recent go past MAX_SPANS (a trace bigger than that is not kept). */
  private keep(traceId: string, skeleton: TraceSkeleton): void {
    if (skeleton.size > MAX_SPANS) return;
    this.traces.set(traceId, skeleton);
    this.spans += skeleton.size;
    for (const [oldest, old] of this.traces) {
      if (this.spans <= MAX_SPANS) break;
      this.traces.delete(oldest);
      this.spans -= old.size;
    }
  }

  private forget(traceId: string): void {
    const skeleton = this.traces.get(traceId);
    if (skeleton === undefined) return;
    this.traces.delete(traceId);
    this.spans -= skeleton.size;
  }
}
