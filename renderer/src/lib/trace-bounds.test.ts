import { describe, expect, it } from 'vitest';
import type { Span } from '../../../shared/model.js';
import { timelinePosition, traceBounds } from './trace-bounds.js';

function span(startNs: string, endNs: string): Span {
  return {
    traceId: 't',
    spanId: `${startNs}-${endNs}`,
    parentSpanId: null,
    service: 'svc',
    name: 'op',
    kind: 'server',
    startNs,
    endNs,
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

describe('traceBounds', () => {
  it('takes the earliest start and the latest end, exactly', () => {
    const bounds = traceBounds([span('1714566896000000100', '1714566896000000200'), span('1714566896000000000', '1714566896000000150')]);
    expect(bounds).toEqual({ startNs: 1714566896000000000n, endNs: 1714566896000000200n });
  });

  it('is null for no spans', () => {
    expect(traceBounds([])).toBeNull();
  });
});

describe('timelinePosition', () => {
  const bounds = { startNs: 1714566896000000000n, endNs: 1714566896000001000n };

  it('places a span by its offset and length', () => {
    expect(timelinePosition(span('1714566896000000250', '1714566896000000750'), bounds)).toEqual({ leftPct: 25, widthPct: 50 });
  });

  it('keeps a bar inside the track when the span overruns the trace', () => {
    expect(timelinePosition(span('1714566896000000900', '1714566896000002000'), bounds)).toEqual({ leftPct: 90, widthPct: 10 });
  });

  it('fills the track for a zero-length trace', () => {
    const instant = { startNs: 5n, endNs: 5n };
    expect(timelinePosition(span('5', '5'), instant)).toEqual({ leftPct: 0, widthPct: 100 });
  });
});
