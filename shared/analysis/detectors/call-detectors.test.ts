import { describe, expect, it } from 'vitest';
import { httpAttrs, TraceBuilder } from '../../../test/analysis/span-builder.js';
import type { LogRecord, Span } from '../../model.js';
import { detectFindings } from './index.js';

function calls(count: number, ms: number, url: (i: number) => string, opts: { parallel?: boolean; fail?: (i: number) => boolean } = {}): Span[] {
  const b = new TraceBuilder('e'.repeat(32));
  const server = b.span(null, { service: 'web', name: 'GET /page', kind: 'server', at: 0, ms: count * (ms + 1) + 10 });
  for (let i = 0; i < count; i++) {
    const at = opts.parallel ? 1 : 1 + i * (ms + 0.5);
    const fail = opts.fail?.(i) ?? false;
    b.span(server, { service: 'web', name: 'GET', kind: 'client', at, ms, attributes: httpAttrs('GET', url(i)), status: fail ? 'error' : 'unset' });
  }
  return b.spans;
}

describe('n-plus-one-api', () => {
  it('finds ten calls to one route (ids in the path stripped) under one parent, 300 ms in all', () => {
    const [finding] = detectFindings([calls(10, 30, (i) => `http://reviews:8080/reviews/${1000 + i}?lang=en`, { parallel: true })]);
    expect(finding).toMatchObject({ detector: 'n-plus-one-api', repeats: 10, query: 'reviews GET /reviews/{id}', costNs: '300000000' });
  });

  it('stays silent on nine calls, on 299 ms in all, and on calls to different routes', () => {
    expect(detectFindings([calls(9, 50, (i) => `http://reviews/reviews/${i}`)])).toEqual([]);
    expect(detectFindings([calls(13, 23, (i) => `http://reviews/reviews/${i}`, { parallel: true })])).toEqual([]);
    expect(detectFindings([calls(12, 40, (i) => `http://reviews/${['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'][i]}`, { parallel: true })])).toEqual([]);
  });
});

describe('consecutive-http', () => {
  it('finds three sequential calls of over 500 ms each that would save 2 s at once', () => {
    const [finding] = detectFindings([calls(3, 1100, (i) => `http://partner${i}/quote`)]);
    expect(finding).toMatchObject({ detector: 'consecutive-http', repeats: 3, costNs: '2200000000' });
  });

  it('stays silent on two calls, on calls of 500 ms, and on parallel calls', () => {
    expect(detectFindings([calls(2, 3000, (i) => `http://partner${i}/quote`)])).toEqual([]);
    expect(detectFindings([calls(6, 500, (i) => `http://partner${i}/quote`)])).toEqual([]);
    expect(detectFindings([calls(3, 1100, (i) => `http://partner${i}/quote`, { parallel: true })])).toEqual([]);
  });
});

describe('retry-storm', () => {
  it('finds calls to one target repeated after it failed', () => {
    const [finding] = detectFindings([calls(4, 20, () => 'http://payments/charge', { fail: (i) => i < 3 })]);
    expect(finding).toMatchObject({ detector: 'retry-storm', repeats: 3, query: 'payments GET /charge' });
    expect(finding!.spanIds).toHaveLength(4);
  });

  it('stays silent on one retry, and on repeated calls that succeed', () => {
    expect(detectFindings([calls(2, 20, () => 'http://payments/charge', { fail: (i) => i === 0 })])).toEqual([]);
    expect(detectFindings([calls(4, 20, () => 'http://payments/charge')])).toEqual([]);
  });
});

describe('sleep', () => {
  /** A handler doing 20 ms of DB work, idling `idleMs`, then `tailMs` more; in `traces` traces. */
  function handlers(traces: number, idleMs: number, asLeaf = false, tailMs = 20): Span[][] {
    return Array.from({ length: traces }, (_, n) => {
      const b = new TraceBuilder(n.toString(16).padStart(32, 'f'));
      const server = b.span(null, { service: 'ads', name: 'GetAds', kind: 'server', at: 0, ms: 22 + idleMs + tailMs });
      b.span(server, { service: 'ads', name: 'SELECT', kind: 'client', at: 1, ms: 20, attributes: { 'db.system': 'postgresql' } });
      if (asLeaf) b.span(server, { service: 'ads', name: 'sleep', at: 21, ms: idleMs, attributes: { 'code.function': 'leftoverSleep' } });
      b.span(server, { service: 'ads', name: 'SELECT', kind: 'client', at: 21 + idleMs, ms: tailMs, attributes: { 'db.system': 'postgresql' } });
      return b.spans;
    });
  }

  it('finds an untraced gap of 100 ms and 30% of the span on the critical path, repeated in three traces', () => {
    const [finding, ...rest] = detectFindings(handlers(3, 150));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ detector: 'sleep', service: 'ads', operation: 'GetAds', occurrences: 3 });
  });

  it('finds a leaf span named as a sleep, reported on the operation that sleeps', () => {
    const [finding] = detectFindings(handlers(4, 250, true));
    expect(finding).toMatchObject({ detector: 'sleep', operation: 'GetAds', query: 'sleep', occurrences: 4 });
  });

  it('stays silent on a gap seen in two traces only, on 99 ms, and on a gap under 30% of the span', () => {
    expect(detectFindings(handlers(2, 300))).toEqual([]);
    expect(detectFindings(handlers(5, 97))).toEqual([]); // 97 ms idle + 2 ms at the ends: 99 ms
    // 120 ms idle in a 500 ms handler busy the rest of the time: 24%.
    expect(detectFindings(handlers(5, 120, false, 358))).toEqual([]);
  });

  it('does not take a long leaf that is work (no sleep in its name) for a sleep', () => {
    const traces = Array.from({ length: 5 }, (_, n) => {
      const b = new TraceBuilder(n.toString(16).padStart(32, '9'));
      const server = b.span(null, { service: 'ads', name: 'GetAds', kind: 'server', at: 0, ms: 502 });
      b.span(server, { service: 'ads', name: 'AdRanker.rank', at: 1, ms: 500 });
      return b.spans;
    });
    expect(detectFindings(traces)).toEqual([]);
  });
});

describe('pool-exhaustion', () => {
  it('finds spans whose error says a connection could not be had in time', () => {
    const b = new TraceBuilder('1'.repeat(32));
    const server = b.span(null, { service: 'orders', name: 'History', kind: 'server', at: 0, ms: 3000, status: 'error', message: 'HikariPool-1 - Connection is not available, request timed out after 30000ms.' });
    b.span(server, { service: 'orders', name: 'render', at: 1, ms: 2 });
    const [finding] = detectFindings([b.spans]);
    expect(finding).toMatchObject({ detector: 'pool-exhaustion', service: 'orders', operation: 'History', occurrences: 1 });
  });

  it('finds log lines naming it, on the span they belong to, and ignores ordinary pool chatter', () => {
    const b = new TraceBuilder('2'.repeat(32));
    const server = b.span(null, { service: 'orders', name: 'History', kind: 'server', at: 0, ms: 30 });
    const log = (body: string): LogRecord => ({ id: 1, timeNs: server.startNs, severityNumber: 17, severityText: 'ERROR', body, service: 'orders', traceId: server.traceId, spanId: server.spanId, attributes: {}, resource: {}, sourceId: null });
    const logs = [log('sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30'), log('connection pool: reused connection for SELECT')];
    const findings = detectFindings([b.spans], undefined, logs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ detector: 'pool-exhaustion', operation: 'History', spanIds: [server.spanId] });
    expect(detectFindings([b.spans], undefined, [logs[1]!])).toEqual([]);
  });
});

describe('settings', () => {
  it('take overrides per detector', () => {
    const spans = calls(4, 20, () => 'http://payments/charge', { fail: (i) => i < 3 });
    expect(detectFindings([spans], { 'retry-storm': { minRetries: 5 } })).toEqual([]);
  });
});
