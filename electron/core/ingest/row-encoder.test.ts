import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../../shared/formats/records.js';
import { RowEncoder, splitBatch } from './row-encoder.js';

function span(i: number, service: string): SpanRecord {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: null,
    service,
    name: `op-${i}`,
    kind: 2,
    startNs: 1_700_000_000_000_000_000n + BigInt(i),
    endNs: 1_700_000_000_000_000_100n + BigInt(i),
    statusCode: 0,
    statusMessage: '',
    attributes: {},
    resource: { 'service.name': service },
    events: [],
    links: [],
    scope: null,
  };
}

describe('splitBatch', () => {
  it('cuts a burst into batches of the size asked, in order, spans then logs, resources with the first', () => {
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 25; i++) encoder.span(span(i, i < 10 ? 'cart' : 'ads'));
    for (let i = 0; i < 3; i++) encoder.log({ timeNs: BigInt(i), observedNs: null, severityNumber: 9, severityText: 'INFO', body: `line ${i}`, service: 'cart', traceId: null, spanId: null, attributes: {}, resource: {}, scope: null });
    const whole = encoder.take(true)!;
    const pieces = splitBatch(whole, 10);
    expect(pieces.map((p) => [p.spans.length, p.graph.length, p.logs.length, p.resources.length])).toEqual([
      [10, 10, 0, whole.resources.length],
      [10, 10, 0, 0],
      [5, 5, 0, 0],
      [0, 0, 3, 0],
    ]);
    expect(pieces.flatMap((p) => p.spans)).toEqual(whole.spans);
    expect(pieces.flatMap((p) => p.graph)).toEqual(whole.graph);
    // cart's and ads' resources, and the logs' (empty) one.
    expect(whole.resources.length).toBe(3);
  });

  it('hands a batch that fits back as it is', () => {
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    encoder.span(span(0, 'cart'));
    const batch = encoder.take(true)!;
    expect(splitBatch(batch, 10)).toEqual([batch]);
  });
});
