import { describe, expect, it } from 'vitest';
import { generateFleet, type FaultKind, type FaultPlace } from '../../electron/core/fleet/test-support/fleet-model.js';
import { allSeries } from '../../electron/core/fleet/test-support/model-series.js';
import { rankFleet } from './fleet-rank.js';
import type { FleetAggregates } from './types.js';

const STEP = 60_000_000_000n;

function answerOf(model: ReturnType<typeof generateFleet>): FleetAggregates {
  return { source: 'prom', startNs: '1700000000000000000', stepNs: STEP.toString(), buckets: model.buckets, events: 0, series: allSeries(model) };
}

function rank(services: number, seed: number, fault: { kind: FaultKind; place: FaultPlace } | null) {
  const model = generateFleet({ services, buckets: 60, seed, fault });
  return { model, report: rankFleet({ answer: answerOf(model), sources: [{ name: 'prom', events: 0, fetchedAt: null }] }) };
}

const KINDS: FaultKind[] = ['latency', 'errors', 'traffic'];
const PLACES: FaultPlace[] = ['top', 'middle', 'leaf'];
const SEEDS = [1, 2, 3, 4];

describe('fleet triage over aggregates', () => {
  it('names the service where the change began, not the callers that slowed or failed with it', () => {
    const { model, report } = rank(300, 7, { kind: 'latency', place: 'middle' });
    expect(report.suspects[0]?.service).toBe(model.fault!.service);
    expect(report.suspects[0]?.kind).toBe('latency');
    expect(report.suspects[0]?.basis).toBe('aggregates');
    // Its callers changed too, and are listed as its symptoms rather than ranked beside it.
    const callerChanges = report.changes.filter((c) => c.explainedBy !== null);
    expect(callerChanges.length).toBeGreaterThan(0);
    expect(report.suspects[0]!.symptoms.length).toBeGreaterThan(0);
    expect(BigInt(report.onsetNs!)).toBe(BigInt(report.startNs) + STEP * BigInt(model.fault!.at));
  });

  it('finds nothing in a healthy fleet, though some services are slow or failing all along', () => {
    for (const seed of SEEDS) {
      const { model, report } = rank(300, seed, null);
      expect(report.suspects.map((s) => s.statement), `seed ${seed}`).toEqual([]);
      expect(report.services.some((s) => s.errorRatio > 0.04), 'a steadily failing service exists').toBe(true);
      expect(model.fault).toBeNull();
    }
  });

  // The accuracy table per fault kind is printed by `npm run bench -- fleet`; here every case must hold.
  it.each(KINDS.flatMap((kind) => PLACES.map((place) => [kind, place] as const)))('ranks a %s fault at the %s first, over 4 seeds', (kind, place) => {
    for (const seed of SEEDS) {
      const { model, report } = rank(300, seed * 31 + 5, { kind, place });
      expect(report.suspects[0]?.service, `seed ${seed}: ${report.suspects.slice(0, 3).map((s) => s.statement).join(' | ')}`).toBe(model.fault!.service);
    }
  });
});

describe('fleet triage when services call each other', () => {
  it('still names an origin when two changed services explain each other in a circle', () => {
    const flat = (v: number) => Array.from({ length: 60 }, () => v);
    const step = (before: number, after: number) => Array.from({ length: 60 }, (_, i) => (i < 40 ? before : after) * (1 + 0.01 * Math.sin(i)));
    const series = [
      { scope: 'service' as const, service: 'a', peer: '', metric: 'p95' as const, values: step(50, 400) },
      { scope: 'service' as const, service: 'b', peer: '', metric: 'p95' as const, values: step(40, 900) },
      ...(['a', 'b'] as const).flatMap((s) => [
        { scope: 'service' as const, service: s, peer: '', metric: 'rate' as const, values: flat(100) },
        { scope: 'service' as const, service: s, peer: '', metric: 'errors' as const, values: flat(0) },
      ]),
      { scope: 'edge' as const, service: 'a', peer: 'b', metric: 'rate' as const, values: flat(50) },
      { scope: 'edge' as const, service: 'b', peer: 'a', metric: 'rate' as const, values: flat(5) },
    ];
    const report = rankFleet({ answer: { source: 'p', startNs: '0', stepNs: '60000000000', buckets: 60, events: 0, series }, sources: [] });
    expect(report.suspects.map((s) => s.service)).toEqual(['b']);
    expect(report.changes.find((c) => c.service === 'a')?.explainedBy).toBe('b');
  });
});

describe('fleet triage over answers without edges (Tempo, Elasticsearch, the Jaeger monitor)', () => {
  it.each(KINDS.flatMap((kind) => PLACES.map((place) => [kind, place] as const)))('with the calls the cache knows, ranks a %s fault at the %s first, over 2 seeds', (kind, place) => {
    for (const seed of SEEDS.slice(0, 2)) {
      const model = generateFleet({ services: 300, buckets: 60, seed: seed * 17 + 3, fault: { kind, place } });
      const answer = { ...answerOf(model), series: allSeries(model).filter((s) => s.scope === 'service') };
      const knownCalls = model.calls.map((c) => ({ caller: model.names[c.caller]!, callee: model.names[c.callee]! }));
      const report = rankFleet({ answer, sources: [], knownCalls });
      expect(report.calls).toBe(new Set(knownCalls.map((c) => `${c.caller}>${c.callee}`)).size);
      expect(report.suspects[0]?.service, `seed ${seed}: ${report.suspects.slice(0, 3).map((s) => s.statement).join(' | ')}`).toBe(model.fault!.service);
    }
  });
});
