import { describe, expect, it } from 'vitest';
import { jaegerSampleSpans, span } from '../../test/trace-samples.js';
import type { Span } from '../model.js';
import { adjustClockSkew, adjustedKeys } from './clock-skew.js';
import { buildSpanTree, columnsFromSpans } from './span-tree.js';

function adjust(spans: Span[]) {
  const tree = buildSpanTree(columnsFromSpans(spans).columns);
  const result = adjustClockSkew(tree);
  const at = (key: string) => {
    const i = tree.indexOf(key);
    return { start: result.starts[i]! / 1000, end: result.ends[i]! / 1000, raw: tree.columns.starts[i]! / 1000 };
  };
  return { tree, result, at, keys: [...adjustedKeys(tree, result)].sort() };
}

describe('adjustClockSkew', () => {
  it('centres a server span that starts before its client on another host, and moves its host’s subtree with it', () => {
    // Times relative to the earliest start (the skewed server at -20 µs becomes 0).
    const { at, keys, result } = adjust([
      span('client', null, 0, 100, { host: 'web-1', kind: 'client' }),
      span('server', 'client', -20, 40, { host: 'api-1', kind: 'server' }),
      span('work', 'server', -10, 0, { host: 'api-1' }),
      span('db', 'work', -8, -2, { host: 'db-1', kind: 'server' }),
    ]);
    // latency = (100 − 60) / 2 = 20: the server now starts 20 µs into the client (at 40 relative), a +40 µs shift.
    expect(at('server')).toEqual({ start: 40, end: 100, raw: 0 });
    expect(at('work')).toEqual({ start: 50, end: 60, raw: 10 });
    // db is on a third host: judged against work's moved times (50..60) it no longer fits, so it is centred there.
    expect(at('db')).toEqual({ start: 52, end: 58, raw: 12 });
    expect(keys).toEqual(['db', 'server', 'work']);
    expect(result.adjustedCount).toBe(3);
  });

  it('leaves children that fit, children longer than the parent, and same-host children alone', () => {
    const { keys, at } = adjust([
      span('root', null, 0, 100, { host: 'a' }),
      span('fits', 'root', 10, 90, { host: 'b' }),
      span('longer', 'root', 50, 300, { host: 'b' }),
      span('same', 'root', -5, 10, { host: 'a' }),
    ]);
    expect(keys).toEqual([]);
    expect(at('same').start).toBe(0);
  });

  it('uses the service as the host when no host.name is given', () => {
    const { keys } = adjust([
      span('root', null, 0, 100, { service: 'web' }),
      span('early', 'root', -30, 20, { service: 'api' }),
      span('same-service', 'root', -30, 20, { service: 'web' }),
    ]);
    expect(keys).toEqual(['early']);
  });

  it('centres the two customers-service spans that end after their api-gateway parent in a real Jaeger sample', () => {
    const spans = jaegerSampleSpans('jaeger-ui__stats_spanLongerAsParent.json');
    const { result, tree } = adjust(spans);
    const moved = spans.filter((_, i) => result.adjusted[i] === 1).map((s) => s.spanId);
    expect(moved.sort()).toEqual(['0000000000000001', '0000000000000002']);
    // The parent (api-gateway) runs 1636..11157 µs from the trace's start; 1500 µs and 3500 µs children are centred.
    const startOf = (id: string) => result.starts[spans.findIndex((s) => s.spanId === id)]! / 1000;
    expect(startOf('0000000000000001')).toBe(1636 + (9521 - 1500) / 2);
    expect(startOf('0000000000000002')).toBe(1636 + (9521 - 3500) / 2);
    // Everything else, including the customers-service spans that fit, keeps its raw time.
    spans.forEach((s, i) => {
      if (result.adjusted[i] === 0) expect(result.starts[i]).toBe(tree.columns.starts[i]);
    });
  });
});
