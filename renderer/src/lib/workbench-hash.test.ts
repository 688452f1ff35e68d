import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type WorkbenchState } from '../../../shared/view-state.js';
import { formatDurationParam, hashToState, parseDuration, stateToHash } from './workbench-hash.js';

const base = { time: { kind: 'all' }, timeZone: 'utc' } as const;

const ROUND_TRIPS: WorkbenchState[] = [
  DEFAULT_STATE,
  { ...base, view: { view: 'graph', service: 'ads', edge: { source: 'frontend', target: 'ads' } } },
  {
    view: {
      view: 'traces',
      service: 'frontend',
      operation: 'GET /product/{id}',
      edge: { source: 'frontend', target: 'postgres shop' },
      attribute: { key: 'service.version', value: '2.0.0-canary' },
      errorsOnly: true,
    },
    time: { kind: 'relative', lastMs: 15 * 60_000 },
    timeZone: 'local',
  },
  { ...base, view: { view: 'trace', traceId: '208915e408d89b78804e6bb2f60977ae', spanId: '8858ccb0f7e1b647' } },
  { ...base, view: { view: 'trace', traceId: 'trace/with?odd#chars&=' } },
  {
    view: { view: 'logs', service: 'cart', traceId: 'abc', spanId: 'def', text: 'timeout & "retry" 100%', minSeverity: 17, attribute: { key: 'k', value: '' } },
    time: { kind: 'absolute', startNs: '1795183204531300492', endNs: '1795184997124071659' },
    timeZone: 'utc',
  },
  { ...base, view: { view: 'charts', service: 'ads', operation: 'GetAds' } },
  { ...base, view: { view: 'traces', attribute: { key: 'app.customer.id', value: 'c-46476' } } },
  { ...base, view: { view: 'traces', service: 'ads', groupBy: 'service.version' } },
  { ...base, view: { view: 'traces', service: 'ads', sort: 'duration', minDurationMs: 400, maxDurationMs: 1500.5 } },
  { ...base, view: { view: 'traces', edge: { source: 'frontend', target: 'ads' }, sort: 'calls', ascending: true } },
  { ...base, view: { view: 'traces', service: 'ads', diff: { a: '0af7651916cd43dd8448eb211c80319c', b: 'b7ad6b7169203331' } } },
  { ...base, view: { view: 'sources', source: 'prod jaeger' } },
  { ...base, view: { view: 'sources' } },
  { ...base, view: { view: 'sources', source: 'prod-jaeger' } },
];

describe('workbench state in the URL hash', () => {
  it.each(ROUND_TRIPS.map((state) => [stateToHash(state), state]))('round-trips %s', (hash, state) => {
    expect(hashToState(hash)).toEqual(state);
  });

  it('writes a readable hash', () => {
    expect(stateToHash(DEFAULT_STATE)).toBe('#/graph');
    expect(stateToHash({ ...base, view: { view: 'traces', service: 'ads' }, time: { kind: 'relative', lastMs: 3_600_000 } })).toBe(
      '#/traces?service=ads&last=1h',
    );
  });

  it.each([
    '',
    '#',
    '#/',
    '#/nowhere?service=x',
    '#/trace/',
    '#/trace/%E0%A4%A',
    '#/charts',
    '#%%%',
    'garbage without a hash',
    `#/trace/${'a'.repeat(500)}`,
  ])('falls back to the default view for %j', (hash) => {
    expect(hashToState(hash).view).toEqual(DEFAULT_STATE.view);
  });

  it('keeps what is valid and drops what is not, field by field', () => {
    const state = hashToState('#/logs?service=cart&sev=99&last=15x&tz=mars&src=only-source&ak=key');
    expect(state).toEqual({ view: { view: 'logs', service: 'cart' }, time: { kind: 'all' }, timeZone: 'utc' });
  });

  it('drops unknown sorts and duration bounds that are not plain non-negative numbers', () => {
    expect(hashToState('#/traces?sort=bogus&dmin=-5&dmax=1e3&asc=yes').view).toEqual({ view: 'traces' });
  });

  it('refuses absolute ranges that are not nanosecond integers or run backwards', () => {
    expect(hashToState('#/graph?from=2&to=1').time).toEqual({ kind: 'all' });
    expect(hashToState('#/graph?from=-5&to=10').time).toEqual({ kind: 'all' });
    expect(hashToState('#/graph?from=1e9&to=2e9').time).toEqual({ kind: 'all' });
    expect(hashToState('#/graph?from=99999999999999999999&to=99999999999999999999').time).toEqual({ kind: 'all' });
    expect(hashToState('#/graph?from=0010&to=20').time).toEqual({ kind: 'absolute', startNs: '10', endNs: '20' });
  });

  it('reads relative durations in every unit and refuses zero or absurd ones', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('0m')).toBeNull();
    expect(parseDuration('-5m')).toBeNull();
    expect(parseDuration('999999999999d')).toBeNull();
    expect(formatDurationParam(90_000)).toBe('90s');
    expect(formatDurationParam(1500)).toBe('1500ms');
  });
});
