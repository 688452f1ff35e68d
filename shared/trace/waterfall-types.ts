import type { NsTime, SpanKind } from '../model.js';

/**
 * What the trace waterfall receives over the contract. The cache builds the tree and the rows (with the same
 * shared functions the tests cover) and hands the view a window of rows at a time, so a 1M-span trace opens
 * without the renderer ever holding its spans. Times are ns relative to the trace's start (`traceStartNs`).
 */
export interface WaterfallRow {
  row: number;
  /** Unique in the trace: the span id, or `id~kind` where Zipkin-style ids are shared. */
  key: string;
  spanId: string;
  depth: number;
  parentRow: number;
  hasChildren: boolean;
  collapsed: boolean;
  childCount: number;
  service: string;
  name: string;
  kind: SpanKind;
  /** Adjusted for clock skew when the request asked for it. */
  startNs: number;
  endNs: number;
  /** The shift applied (ns, shown − raw); 0 when unadjusted. */
  skewNs: number;
  error: boolean;
  /** 1: its parent is not in the trace; 2: its parent chain loops (both shown as roots). */
  orphan: 0 | 1 | 2;
  /** It FOLLOWS_FROM its parent (Jaeger): the parent started it but did not wait for it. */
  followsFrom: boolean;
  /** Critical-path sections of this span as [start, end] pairs, on the same clock as startNs (when asked for). */
  critical: [number, number][];
  match: boolean;
  /** Span links both ways: its own, and spans in the cache that link to it. */
  linkCount: number;
  /** Set when the row stands for a run of identical siblings (shared/trace/sibling-groups.ts); null on a span row. */
  group: WaterfallGroup | null;
}

/**
 * A group row: `count` identical siblings (the first is the row's span). startNs/endNs of the row span them all;
 * error and match are set when any member has them.
 */
export interface WaterfallGroup {
  count: number;
  /** The members' durations added up: what the repeats cost together when run one after another. */
  totalNs: number;
  errors: number;
  /** Each member's [start, end], for ticks on the group's bar (at most MAX_GROUP_BARS, evenly sampled). */
  bars: [number, number][];
}

export const MAX_GROUP_BARS = 300;

export interface WaterfallService {
  name: string;
  spans: number;
  errors: number;
}

/** A bar of the minimap: `rowsPerBar` consecutive rows of the fully expanded trace merged into one line. */
export interface MinimapBar {
  startNs: number;
  endNs: number;
  /** Index into `services`. */
  service: number;
  error: boolean;
}

export interface TraceLayout {
  traceId: string;
  traceStartNs: NsTime;
  durationNs: number;
  spanCount: number;
  /** Spans beyond the cache's per-trace cap were left out. */
  truncated: boolean;
  /** The source returned only part of this trace when it was pulled (Tempo's PARTIAL): why, as the header says it. */
  partial: string | null;
  rowCount: number;
  maxDepth: number;
  rootService: string | null;
  rootName: string | null;
  services: WaterfallService[];
  errorCount: number;
  skewAdjustedCount: number;
  /** Visible rows holding an error span, ascending (at most MAX_ROW_LIST). */
  errorRows: number[];
  /** Visible rows matching the search, ascending (at most MAX_ROW_LIST); matchCount counts hidden matches too. */
  matchRows: number[];
  matchCount: number;
  minimap: { rowsPerBar: number; bars: MinimapBar[] };
  /** The span asked to be revealed: its row, and the collapsed keys opened to show it. */
  reveal: { key: string; row: number; opened: string[] } | null;
  /**
   * Set while the trace is still being imported or pulled (not yet committed): the spans stored so far and how many
   * of them, the first to arrive, are laid out; `from` says which kind of write brings it (absent: an import). The
   * view asks again until it is gone.
   */
  arriving?: { spans: number; shown: number; from?: 'import' | 'pull' };
}

export interface WaterfallRowsPage {
  rowCount: number;
  offset: number;
  rows: WaterfallRow[];
}

export interface SpanLinkRef {
  traceId: string;
  spanId: string;
  /** Known when the linked span is in the cache. */
  service: string | null;
  name: string | null;
}

export interface SpanLinksResult {
  /** Spans this span links to (its own links). */
  outgoing: SpanLinkRef[];
  /** Spans that link to this span (e.g. the consumers of a message it produced). */
  incoming: SpanLinkRef[];
}

export const MAX_ROW_LIST = 10_000;
