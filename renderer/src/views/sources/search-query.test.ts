import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../lib/duration-input.js';
import { EMPTY_LOG_SEARCH, EMPTY_TRACE_SEARCH, buildLogQuery, buildTraceQuery, parseLogfmt, windowOf } from './search-query.js';

const utc = { range: { kind: 'all' }, timeZone: 'utc' } as const;

describe('source search questions', () => {
  it('keeps a relative range relative, so the same question has the same cache key later', () => {
    expect(windowOf({ kind: 'last', lastMs: 3_600_000 }, utc)).toEqual({ ok: true, window: { lookbackMs: 3_600_000 } });
    expect(windowOf({ kind: 'workbench' }, { range: { kind: 'relative', lastMs: 900_000 }, timeZone: 'utc' })).toEqual({
      ok: true,
      window: { lookbackMs: 900_000 },
    });
    expect(windowOf({ kind: 'workbench' }, utc)).toEqual({ ok: true, window: {} });
  });

  it('reads an absolute range in the workbench time zone and names the bad end', () => {
    const between = windowOf({ kind: 'between', from: '2026-02-02 00:00', to: '2026-02-03' }, utc);
    expect(between).toEqual({ ok: true, window: { startNs: '1769990400000000000', endNs: '1770076800000000000' } });
    const bad = windowOf({ kind: 'between', from: 'yesterday', to: '2026-02-03' }, utc);
    expect(bad.ok === false && Object.keys(bad.errors)).toEqual(['from']);
    const reversed = windowOf({ kind: 'between', from: '2026-02-03', to: '2026-02-02' }, utc);
    expect(reversed.ok === false && reversed.errors.from).toBe('must be before "to"');
  });

  it('builds a trace query in the contract units', () => {
    const built = buildTraceQuery(
      { ...EMPTY_TRACE_SEARCH, service: ' api-edge ', tags: 'error=true region="eu west"', minDuration: '1.5s', maxDuration: '2m', limit: '50' },
      { lookbackMs: 3_600_000 },
    );
    expect(built).toEqual({
      ok: true,
      query: { service: 'api-edge', tags: { error: 'true', region: 'eu west' }, minDurationMs: 1500, maxDurationMs: 120_000, limit: 50, lookbackMs: 3_600_000 },
    });
  });

  it('names each field it cannot read', () => {
    const built = buildTraceQuery({ ...EMPTY_TRACE_SEARCH, tags: 'just words', minDuration: 'slow', limit: '5000' }, {});
    expect(built.ok === false && Object.keys(built.errors).sort()).toEqual(['limit', 'minDurationMs', 'tags']);
    const reversed = buildTraceQuery({ ...EMPTY_TRACE_SEARCH, minDuration: '2s', maxDuration: '1s' }, {});
    expect(reversed.ok === false && reversed.errors.minDurationMs).toMatch(/above/);
  });

  it('builds a log query', () => {
    const built = buildLogQuery({ ...EMPTY_LOG_SEARCH, query: '{service_name="checkout"} |= "error"', limit: '' }, { startNs: '1', endNs: '2' });
    expect(built).toEqual({ ok: true, query: { query: '{service_name="checkout"} |= "error"', startNs: '1', endNs: '2' } });
  });

  it('parses durations and logfmt tags', () => {
    expect(parseDurationMs('250')).toBe(250);
    expect(parseDurationMs('500us')).toBe(0.5);
    expect(parseDurationMs('')).toBeUndefined();
    expect(parseDurationMs('1 hour')).toBeNull();
    expect(parseLogfmt('a=1 b="say \\"hi\\"" c=')).toEqual({ a: '1', b: 'say "hi"', c: '' });
    expect(parseLogfmt('=1')).toBeNull();
  });
});
