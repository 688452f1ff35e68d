import { SPAN_KINDS } from '../../../shared/model.js';
import { groupKey } from '../../../shared/trace/sibling-groups.js';
import { collapsedAncestors, treeRows, type RowOptions, type TreeRows } from '../../../shared/trace/tree-rows.js';
import {
  MAX_ROW_LIST,
  type MinimapBar,
  type TraceLayout,
  type WaterfallRow,
  type WaterfallRowsPage,
} from '../../../shared/trace/waterfall-types.js';
import type { Db } from '../db/open-database.js';
import { traceWarning } from './trace-warning.js';
import { anyMember, groupSummary } from './waterfall-groups.js';
import type { WaterfallModel } from './waterfall-model.js';

/** The view state a layout depends on (shared/contract/trace-calls.ts). */
export interface WaterfallState {
  collapsed: string[];
  expanded: string[];
  collapseBelowDepth?: number;
  services?: string[];
  minDurationNs?: number;
  errorsOnly: boolean;
  search?: string;
  adjustSkew: boolean;
}

interface LaidOut {
  rows: TreeRows;
  /** 1 per span matching the search; null without a search. */
  matches: Uint8Array | null;
  matchCount: number;
}

const MAX_VIEWS = 4;
const MINIMAP_BARS = 600;

function laidOut(db: Db, model: WaterfallModel, state: WaterfallState): LaidOut {
  const key = JSON.stringify([state.collapsed, state.expanded, state.collapseBelowDepth, state.services, state.minDurationNs, state.errorsOnly, state.search]);
  const cached = model.views.get(key) as LaidOut | undefined;
  if (cached !== undefined) {
    model.views.delete(key);
    model.views.set(key, cached);
    return cached;
  }
  const rows = treeRows(model.tree, rowOptions(model, state));
  const matches = state.search === undefined ? null : searchMatches(db, model, state.search);
  let matchCount = 0;
  if (matches !== null) for (const m of matches) matchCount += m;
  const view = { rows, matches, matchCount };
  model.views.set(key, view);
  while (model.views.size > MAX_VIEWS) model.views.delete(model.views.keys().next().value!);
  return view;
}

function rowOptions(model: WaterfallModel, state: WaterfallState): RowOptions {
  return {
    collapsed: new Set(state.collapsed),
    expanded: new Set(state.expanded),
    collapseBelowDepth: state.collapseBelowDepth,
    include: filterMask(model, state) ?? undefined,
    groupLabels: model.groupLabels(),
  };
}

/** Spans passing the service / duration / error filters; null when no filter is set. */
function filterMask(model: WaterfallModel, state: WaterfallState): Uint8Array | null {
  const { services, minDurationNs, errorsOnly } = state;
  if (services === undefined && minDurationNs === undefined && !errorsOnly) return null;
  const { columns } = model;
  const allowed = services === undefined ? null : new Set(services);
  const mask = new Uint8Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    if (allowed !== null && !allowed.has(columns.services[columns.serviceOf[i]!]!)) continue;
    if (minDurationNs !== undefined && columns.ends[i]! - columns.starts[i]! < minDurationNs) continue;
    if (errorsOnly && columns.errors[i] === 0) continue;
    mask[i] = 1;
  }
  return mask;
}

/** Spans whose name, service, id or any attribute value contains the text (case-insensitive). */
function searchMatches(db: Db, model: WaterfallModel, search: string): Uint8Array {
  const needle = search.toLowerCase();
  const { columns, tree } = model;
  const matches = new Uint8Array(columns.count);
  const serviceHit = columns.services.map((s) => s.toLowerCase().includes(needle));
  for (let i = 0; i < columns.count; i++) {
    if (serviceHit[columns.serviceOf[i]!] || columns.names[i]!.toLowerCase().includes(needle) || columns.spanIds[i]!.startsWith(needle)) {
      matches[i] = 1;
    }
  }
  // Attribute values stay in SQLite: json_each reads them there, and only the matching ids come back.
  const ids = db
    .prepare(
      `SELECT DISTINCT s.span_id FROM spans s, json_each(s.attributes) j
       WHERE s.trace_id = ? AND j.atom IS NOT NULL AND instr(lower(CAST(j.atom AS TEXT)), ?) > 0`,
    )
    .pluck()
    .all(model.traceId, needle) as string[];
  for (const id of ids) {
    const node = tree.indexOf(id);
    if (node >= 0) matches[node] = 1;
    else for (let i = 0; i < columns.count; i++) if (columns.spanIds[i] === id) matches[i] = 1;
  }
  return matches;
}

export function traceLayout(db: Db, model: WaterfallModel, state: WaterfallState, reveal?: string): TraceLayout {
  const { tree, columns } = model;
  let revealed: TraceLayout['reveal'] = null;
  let effective = state;
  const revealNode = reveal === undefined ? -1 : nodeFor(model, reveal);
  if (revealNode >= 0) {
    const opened = collapsedAncestors(tree, revealNode, rowOptions(model, state));
    if (opened.length > 0) {
      const open = new Set(opened);
      effective = { ...state, collapsed: state.collapsed.filter((k) => !open.has(k)), expanded: [...state.expanded, ...opened] };
    }
    revealed = { key: tree.keys[revealNode]!, row: -1, opened };
  }
  const view = laidOut(db, model, effective);
  if (revealed !== null) revealed.row = view.rows.rowOfNode[revealNode]!;

  const errorRows: number[] = [];
  const matchRows: number[] = [];
  for (let r = 0; r < view.rows.count; r++) {
    const node = view.rows.nodes[r]!;
    const members = view.rows.groups.get(r);
    const error = members === undefined ? columns.errors[node] === 1 : anyMember(members, columns.errors);
    const match = members === undefined ? view.matches?.[node] === 1 : anyMember(members, view.matches);
    if (error && errorRows.length < MAX_ROW_LIST) errorRows.push(r);
    if (match && matchRows.length < MAX_ROW_LIST) matchRows.push(r);
  }
  const timing = model.timing(state.adjustSkew);
  let end = 0;
  for (let i = 0; i < columns.count; i++) if (timing.ends[i]! > end) end = timing.ends[i]!;
  const root = tree.roots[0];
  return {
    traceId: model.traceId,
    traceStartNs: columns.traceStartNs.toString(),
    // Skew adjustment can move a span before the trace's raw start; the ruler still starts at 0.
    durationNs: end,
    spanCount: columns.count,
    truncated: columns.truncated,
    partial: traceWarning(db, model.traceId),
    rowCount: view.rows.count,
    maxDepth: tree.maxDepth,
    rootService: root === undefined ? null : columns.services[columns.serviceOf[root]!]!,
    rootName: root === undefined ? null : columns.names[root]!,
    services: serviceSummary(model),
    errorCount: columns.errors.reduce((sum, e) => sum + e, 0),
    skewAdjustedCount: state.adjustSkew ? model.skewAdjustment().adjustedCount : 0,
    errorRows,
    matchRows,
    matchCount: view.matchCount,
    minimap: minimap(model, state.adjustSkew),
    reveal: revealed,
  };
}

export function traceRowsPage(
  db: Db,
  model: WaterfallModel,
  state: WaterfallState,
  offset: number,
  limit: number,
  critical = false,
): WaterfallRowsPage {
  const view = laidOut(db, model, state);
  const { tree, columns } = model;
  const timing = model.timing(state.adjustSkew);
  const path = critical ? model.criticalPath(state.adjustSkew) : null;
  const rows: WaterfallRow[] = [];
  const last = Math.min(view.rows.count, offset + limit);
  const links = linkCounts(db, model.traceId);
  for (let r = offset; r < last; r++) {
    const node = view.rows.nodes[r]!;
    const row: WaterfallRow = {
      row: r,
      key: tree.keys[node]!,
      spanId: columns.spanIds[node]!,
      depth: tree.depth[node]!,
      parentRow: view.rows.parentRow[r]!,
      hasChildren: view.rows.hasChildren[r] === 1,
      collapsed: view.rows.isCollapsed[r] === 1,
      childCount: tree.childOffsets[node + 1]! - tree.childOffsets[node]!,
      service: columns.services[columns.serviceOf[node]!]!,
      name: columns.names[node]!,
      kind: SPAN_KINDS[columns.kinds[node]!] ?? 'unspecified',
      startNs: timing.starts[node]!,
      endNs: timing.ends[node]!,
      skewNs: timing.delta?.[node] ?? 0,
      error: columns.errors[node] === 1,
      orphan: tree.orphan[node] as 0 | 1 | 2,
      followsFrom: columns.followsFrom?.[node] === 1,
      critical: (path?.segments.get(node) ?? []).map(([from, to]) => [from, to]),
      match: view.matches?.[node] === 1,
      linkCount: links.get(columns.spanIds[node]!) ?? 0,
      group: null,
    };
    const members = view.rows.groups.get(r);
    if (members !== undefined) {
      const { startNs, endNs, ...group } = groupSummary(members, timing, columns);
      Object.assign(row, {
        key: groupKey(row.key),
        childCount: group.count,
        startNs,
        endNs,
        skewNs: 0,
        error: group.errors > 0,
        followsFrom: false,
        critical: [],
        match: anyMember(members, view.matches),
        linkCount: 0,
        group,
      });
    }
    rows.push(row);
  }
  return { rowCount: view.rows.count, offset, rows };
}

/** Links per span id of the trace, both ways (span_links is indexed from either end). */
export function linkCounts(db: Db, traceId: string): Map<string, number> {
  const counts = new Map<string, number>();
  const rows = db
    .prepare(
      `SELECT span_id AS id, count(*) AS n FROM span_links WHERE trace_id = @traceId GROUP BY span_id
       UNION ALL
       SELECT linked_span_id, count(*) FROM span_links WHERE linked_trace_id = @traceId GROUP BY linked_span_id`,
    )
    .all({ traceId }) as { id: string; n: number }[];
  for (const { id, n } of rows) counts.set(id, (counts.get(id) ?? 0) + n);
  return counts;
}

/** A key, or a plain span id whose span has a longer key (shared Zipkin ids): the first such span. */
function nodeFor(model: WaterfallModel, keyOrId: string): number {
  const node = model.tree.indexOf(keyOrId);
  if (node >= 0) return node;
  return model.columns.spanIds.indexOf(keyOrId);
}

function serviceSummary(model: WaterfallModel): TraceLayout['services'] {
  const { columns } = model;
  const spans = new Array<number>(columns.services.length).fill(0);
  const errors = new Array<number>(columns.services.length).fill(0);
  for (let i = 0; i < columns.count; i++) {
    spans[columns.serviceOf[i]!]!++;
    errors[columns.serviceOf[i]!]! += columns.errors[i]!;
  }
  return columns.services.map((name, s) => ({ name, spans: spans[s]!, errors: errors[s]! }));
}

/** The whole trace, fully expanded, merged into at most MINIMAP_BARS lines. */
function minimap(model: WaterfallModel, adjustSkew: boolean): TraceLayout['minimap'] {
  const rows = model.expandedRows();
  const timing = model.timing(adjustSkew);
  const { columns } = model;
  const rowsPerBar = Math.max(1, Math.ceil(rows.count / MINIMAP_BARS));
  const bars: MinimapBar[] = [];
  for (let first = 0; first < rows.count; first += rowsPerBar) {
    const lead = rows.nodes[first]!;
    const bar: MinimapBar = { startNs: timing.starts[lead]!, endNs: timing.ends[lead]!, service: columns.serviceOf[lead]!, error: false };
    for (let r = first; r < Math.min(rows.count, first + rowsPerBar); r++) {
      const node = rows.nodes[r]!;
      bar.startNs = Math.min(bar.startNs, timing.starts[node]!);
      bar.endNs = Math.max(bar.endNs, timing.ends[node]!);
      bar.error ||= columns.errors[node] === 1;
    }
    bars.push(bar);
  }
  return { rowsPerBar, bars };
}
