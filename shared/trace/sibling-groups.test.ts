import { describe, expect, it } from 'vitest';
import { span } from '../../test/trace-samples.js';
import { SPAN_KINDS, type Span } from '../model.js';
import { groupKey, isGroupKey, spanLabels } from './sibling-groups.js';
import { buildSpanTree, columnsFromSpans, type SpanTree } from './span-tree.js';
import { collapsedAncestors, rowInfo, treeRows, type RowOptions } from './tree-rows.js';

// An N+1 under `h`: six identical queries, then a different call, then two more queries (too few to group).
//  r ── h ─┬─ q1 … q6   (SELECT discounts)
//          ├─ x         (cache GET)
//          └─ q7, q8    (SELECT discounts)
const query = (id: string, at: number, extra: { error?: boolean } = {}) => span(id, 'h', at, at + 2, { name: 'SELECT discounts', service: 'db', ...extra });
const N_PLUS_ONE: Span[] = [
  span('r', null, 0, 100),
  span('h', 'r', 1, 90),
  ...[1, 2, 3, 4, 5, 6].map((n) => query(`q${n}`, n * 3, n === 4 ? { error: true } : {})),
  span('x', 'h', 30, 35, { name: 'cache GET', service: 'db' }),
  query('q7', 40),
  query('q8', 50),
];

function setup(spans: Span[]): { t: SpanTree; labels: Int32Array } {
  const t = buildSpanTree(columnsFromSpans(spans).columns);
  const services = [...new Set(spans.map((s) => s.service))];
  const labels = spanLabels(
    spans.length,
    spans.map((s) => services.indexOf(s.service)),
    spans.map((s) => s.name),
    spans.map((s) => SPAN_KINDS.indexOf(s.kind)),
  );
  return { t, labels };
}

/** Rows as "key" with "×n" for a group and "+" when closed. */
function visible(t: SpanTree, options: RowOptions): string[] {
  const rows = treeRows(t, options);
  return Array.from({ length: rows.count }, (_, r) => {
    const info = rowInfo(t, rows, r);
    return info.groupSize > 0 ? `${info.groupSize}×${info.key}${info.isCollapsed ? '+' : ''}` : info.key;
  });
}

describe('sibling groups', () => {
  it('shows a run of identical siblings as one closed group row, and leaves short runs and other spans alone', () => {
    const { t, labels } = setup(N_PLUS_ONE);
    expect(visible(t, { groupLabels: labels })).toEqual(['r', 'h', '6×q1+', 'x', 'q7', 'q8']);
    // Without labels nothing is grouped (the minimap's fully expanded order).
    expect(visible(t, {})).toHaveLength(N_PLUS_ONE.length);
  });

  it('opens a group by its key: the group row stays, its members follow it', () => {
    const { t, labels } = setup(N_PLUS_ONE);
    const open = new Set([groupKey('q1')]);
    expect(visible(t, { groupLabels: labels, expanded: open })).toEqual(['r', 'h', '6×q1', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'x', 'q7', 'q8']);
    const rows = treeRows(t, { groupLabels: labels, expanded: open });
    // Members keep their parent span's row (the group row is a header, not a span).
    expect(rows.parentRow[rows.rowOfNode[t.indexOf('q3')]!]).toBe(rows.rowOfNode[t.indexOf('h')]);
    expect(rows.parentRow[2]).toBe(rows.rowOfNode[t.indexOf('h')]);
  });

  it('hides closed members (no row) and names the group to open to reveal one', () => {
    const { t, labels } = setup(N_PLUS_ONE);
    const rows = treeRows(t, { groupLabels: labels });
    expect(rows.rowOfNode[t.indexOf('q4')]).toBe(-1);
    expect(rows.groups.get(2)).toHaveLength(6);
    expect(collapsedAncestors(t, t.indexOf('q4'), { groupLabels: labels })).toEqual([groupKey('q1')]);
    expect(collapsedAncestors(t, t.indexOf('q4'), { groupLabels: labels, collapsed: new Set(['r']) })).toEqual(['r', groupKey('q1')]);
    expect(collapsedAncestors(t, t.indexOf('q7'), { groupLabels: labels })).toEqual([]);
    expect(collapsedAncestors(t, t.indexOf('q4'), { groupLabels: labels, expanded: new Set([groupKey('q1')]) })).toEqual([]);
  });

  it('groups only the siblings a filter keeps: a run broken by the filter is shorter', () => {
    const { t, labels } = setup(N_PLUS_ONE);
    const include = new Uint8Array(N_PLUS_ONE.length);
    for (const id of ['q1', 'q2', 'q3', 'q7', 'q8']) include[t.indexOf(id)] = 1;
    // x is filtered out, so q1–q3 and q7–q8 are one run of five.
    expect(visible(t, { groupLabels: labels, include })).toEqual(['r', 'h', '5×q1+']);
    expect(visible(t, { groupLabels: labels, include, groupMin: 6 })).toEqual(['r', 'h', 'q1', 'q2', 'q3', 'q7', 'q8']);
  });

  it('tells group keys from span keys', () => {
    expect(isGroupKey(groupKey('abc'))).toBe(true);
    expect(isGroupKey('abc~server')).toBe(false);
  });

  it('groups a million identical children without blowing up', () => {
    const n = 1_000_000;
    const spanIds = Array.from({ length: n }, (_, i) => `s${i}`);
    const parentIds = spanIds.map((_, i) => (i === 0 ? null : 's0'));
    const starts = Float64Array.from({ length: n }, (_, i) => i);
    const t = buildSpanTree({ count: n, spanIds, parentIds, kinds: new Uint8Array(n), starts, ends: starts.map((s) => s + 5) });
    const labels = new Int32Array(n).fill(7);
    labels[0] = 1;
    const rows = treeRows(t, { groupLabels: labels });
    expect(rows.count).toBe(2);
    expect(rows.groups.get(1)).toHaveLength(n - 1);
  });
});
