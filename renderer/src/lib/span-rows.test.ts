import { describe, expect, it } from 'vitest';
import type { Span } from '../../../shared/model.js';
import { spanRows } from './span-rows.js';

function span(spanId: string, parentSpanId: string | null, startNs: string): Span {
  return {
    traceId: 't',
    spanId,
    parentSpanId,
    service: 'svc',
    name: spanId,
    kind: 'internal',
    startNs,
    endNs: startNs,
    statusCode: 'unset',
    statusMessage: '',
    attributes: {},
    resource: {},
    events: [],
    links: [],
    scope: null,
    sourceId: null,
  };
}

const shape = (spans: Span[]) => spanRows(spans).map((row) => `${'  '.repeat(row.depth)}${row.span.spanId}`);

describe('spanRows', () => {
  it('orders parents before children and siblings by start time', () => {
    const spans = [
      span('late-child', 'root', '1714566896000000300'),
      span('root', null, '1714566896000000000'),
      span('grandchild', 'early-child', '1714566896000000150'),
      span('early-child', 'root', '1714566896000000100'),
    ];
    expect(shape(spans)).toEqual(['root', '  early-child', '    grandchild', '  late-child']);
  });

  it('compares start times exactly, beyond a double’s precision', () => {
    // These differ only in the last digit, which Number() would round away.
    const spans = [span('b', null, '1714566896000000001'), span('a', null, '1714566896000000000')];
    expect(shape(spans)).toEqual(['a', 'b']);
  });

  it('shows spans with a missing parent as roots', () => {
    const spans = [span('orphan', 'not-here', '2'), span('root', null, '1')];
    expect(shape(spans)).toEqual(['root', 'orphan']);
  });

  it('counts children', () => {
    const rows = spanRows([span('root', null, '1'), span('a', 'root', '2'), span('b', 'root', '3')]);
    expect(rows.map((row) => row.childCount)).toEqual([2, 0, 0]);
  });

  it('survives a parent cycle without dropping spans', () => {
    const spans = [span('a', 'b', '1'), span('b', 'a', '2'), span('self', 'self', '3')];
    expect(shape(spans).map((line) => line.trim()).sort()).toEqual(['a', 'b', 'self']);
  });

  it('handles a very deep chain', () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, String(i)));
    const rows = spanRows(spans);
    expect(rows.at(-1)?.depth).toBe(19_999);
  });
});
