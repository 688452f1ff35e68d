import { describe, expect, it } from 'vitest';
import { sqlAttrs, TraceBuilder } from '../../../test/analysis/span-builder.js';
import type { Span } from '../../model.js';
import { detectFindings } from './index.js';

/** A server span with `count` DB calls of `ms` each, `gap` ms apart, back to back unless `overlap`. */
function loop(count: number, ms: number, statement: (i: number) => string, opts: { system?: string; overlap?: boolean; attrs?: (i: number) => Span['attributes'] } = {}): Span[] {
  const b = new TraceBuilder('a'.repeat(32));
  const server = b.span(null, { service: 'discounts', name: 'ApplyDiscounts', kind: 'server', at: 0, ms: count * (ms + 1) + 5 });
  for (let i = 0; i < count; i++) {
    const at = opts.overlap ? 1 : 1 + i * (ms + 0.5);
    b.span(server, { service: 'discounts', name: 'SELECT discounts', kind: 'client', at, ms, attributes: opts.attrs?.(i) ?? sqlAttrs(statement(i), opts.system) });
  }
  return b.spans;
}

const byItem = (i: number) => `SELECT id, percent_off FROM discounts WHERE item_id = ${100 + i}`;

describe('n-plus-one-db', () => {
  it('finds five sequential queries differing only in literals, 50 ms in all', () => {
    const [finding, ...rest] = detectFindings([loop(5, 10, byItem)]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ detector: 'n-plus-one-db', service: 'discounts', operation: 'ApplyDiscounts', occurrences: 1, repeats: 5 });
    expect(finding!.query).toBe('SELECT id, percent_off FROM discounts WHERE item_id = ?');
    expect(finding!.spanIds).toHaveLength(5);
    expect(finding!.costNs).toBe('50000000');
    expect(finding!.fix).toMatch(/one query/);
  });

  it('reads the statement from db.query.text and the system from db.system.name (semconv 1.26+)', () => {
    const spans = loop(6, 10, byItem, { attrs: (i) => ({ 'db.system.name': 'mysql', 'db.query.text': byItem(i) }) });
    expect(detectFindings([spans]).map((f) => f.detector)).toEqual(['n-plus-one-db']);
  });

  it('stays silent on four repeats, on 49 ms in all, on overlapping (parallel) calls, and on different statements', () => {
    expect(detectFindings([loop(4, 20, byItem)])).toEqual([]);
    expect(detectFindings([loop(7, 7, byItem)])).toEqual([]);
    expect(detectFindings([loop(8, 20, byItem, { overlap: true })])).toEqual([]);
    expect(detectFindings([loop(8, 20, (i) => `SELECT * FROM t${i}`)])).toEqual([]);
  });

  it('does not count key-value calls (a loop of Redis GETs) as N+1', () => {
    expect(detectFindings([loop(30, 5, (i) => `GET cart:${i}`, { system: 'redis' })])).toEqual([]);
  });

  it('groups the same loop across traces into one finding with its occurrences', () => {
    const a = loop(6, 10, byItem);
    const b = loop(9, 10, byItem).map((s) => ({ ...s, traceId: 'b'.repeat(32) }));
    const [finding] = detectFindings([a, b]);
    expect(finding).toMatchObject({ occurrences: 2, repeats: 9 });
    expect(finding!.traceIds).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
  });
});

describe('slow-db', () => {
  it('finds a statement of 500 ms or more, grouped by its normalised text, and not one of 499 ms', () => {
    const b = new TraceBuilder('c'.repeat(32));
    const server = b.span(null, { service: 'search', name: 'Search', kind: 'server', at: 0, ms: 2000 });
    b.span(server, { service: 'search', name: 'SELECT items', kind: 'client', at: 1, ms: 600, attributes: sqlAttrs("SELECT * FROM items WHERE title LIKE '%a%'") });
    b.span(server, { service: 'search', name: 'SELECT items', kind: 'client', at: 700, ms: 800, attributes: sqlAttrs("SELECT * FROM items WHERE title LIKE '%b%'") });
    b.span(server, { service: 'search', name: 'SELECT tags', kind: 'client', at: 1600, ms: 499, attributes: sqlAttrs('SELECT * FROM tags') });
    const findings = detectFindings([b.spans]).filter((f) => f.detector === 'slow-db');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ query: 'SELECT * FROM items WHERE title LIKE ?', costNs: '1400000000' });
    expect(findings[0]!.statement).toMatch(/up to 800 ms/);
  });
});

describe('consecutive-db', () => {
  function reads(ms: number[], gapMs = 0.2): Span[] {
    const b = new TraceBuilder('d'.repeat(32));
    const server = b.span(null, { service: 'reports', name: 'Summary', kind: 'server', at: 0, ms: 1000 });
    let at = 1;
    ms.forEach((d, i) => {
      b.span(server, { service: 'reports', name: 'SELECT', kind: 'client', at, ms: d, attributes: sqlAttrs(`SELECT count(*) FROM table_${i}`) });
      at += d + gapMs;
    });
    return b.spans;
  }

  it('finds independent reads of over 30 ms each awaited in turn, saving 100 ms or more', () => {
    const [finding] = detectFindings([reads([80, 70, 60])]);
    expect(finding).toMatchObject({ detector: 'consecutive-db', repeats: 3, costNs: '130000000' });
  });

  it('stays silent when a query takes 30 ms or less, or the saving is under 100 ms', () => {
    expect(detectFindings([reads([30, 200])])).toEqual([]);
    expect(detectFindings([reads([60, 35])])).toEqual([]);
  });
});
