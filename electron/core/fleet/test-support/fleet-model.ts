import { Rng } from '../../../../fixtures/demo/prng.js';

/**
 * A generated fleet for fleet triage's tests and benchmark: services in call layers (frontends at the top), each
 * request's spans sampled per bucket — own time, callees' times (in sequence or in parallel), failures propagating
 * to callers — and aggregated the way the Collector's spanmetrics and servicegraph connectors count them: request
 * and failure rates, and latency histograms with the connector's default bucket bounds. One fault (or none: a
 * healthy fleet) starts at a known bucket at a known service. Noise the ranking must not take for the incident:
 * services slow or failing all along, single-bucket spikes, rate jitter.
 */
export type FaultKind = 'latency' | 'errors' | 'traffic';
export type FaultPlace = 'top' | 'middle' | 'leaf';

export interface FleetModelOptions {
  services: number;
  buckets: number;
  seed: number;
  fault: { kind: FaultKind; place: FaultPlace; at?: number } | null;
  /** Requests sampled per service and bucket for its latency histogram and failures. */
  samples?: number;
}

/** The Collector spanmetrics connector's default histogram bounds, in ms. */
export const LATENCY_BOUNDS_MS = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000];

export interface FleetModel {
  names: string[];
  calls: { caller: number; callee: number; perRequest: number }[];
  buckets: number;
  fault: { kind: FaultKind; service: string; at: number; extraMs: number } | null;
  /** [bucket][service]: requests/s, failed requests/s, and histogram counts (LATENCY_BOUNDS_MS + Inf) as shares. */
  rate: Float64Array[];
  errors: Float64Array[];
  histogram: Float32Array[];
}

const BOUNDS = LATENCY_BOUNDS_MS.length + 1;
const CALL_CHANCE = 0.6;
/** The buckets' length the rates are per (a minute): it sets how many requests a bucket's failure ratio rests on. */
const BUCKET_SECONDS = 60;

export function generateFleet(options: FleetModelOptions): FleetModel {
  const rng = new Rng(options.seed);
  const n = options.services;
  const samples = options.samples ?? 200;
  const layers = layerSizes(n);
  const layerOf: number[] = [];
  layers.forEach((size, layer) => {
    for (let i = 0; i < size; i++) layerOf.push(layer);
  });
  const firstOf = layers.map((_, layer) => layers.slice(0, layer).reduce((a, b) => a + b, 0));
  const names = layerOf.map((layer, i) => `${['web', 'api', 'svc', 'core', 'data', 'store'][Math.min(layer, 5)]}-${String(i).padStart(4, '0')}`);

  // Every service below the top has at least one caller one layer up; some callers fan out further.
  const calls: FleetModel['calls'] = [];
  const seen = new Set<string>();
  const addCall = (caller: number, callee: number) => {
    const key = `${caller}>${callee}`;
    if (caller === callee || seen.has(key)) return;
    seen.add(key);
    calls.push({ caller, callee, perRequest: rng.chance(0.2) ? 2 : 1 });
  };
  for (let s = layers[0]!; s < n; s++) {
    const up = layerOf[s]! - 1;
    addCall(firstOf[up]! + rng.int(0, layers[up]! - 1), s);
  }
  for (let s = 0; s < n; s++) {
    const down = layerOf[s]! + 1;
    if (down >= layers.length || !rng.chance(0.5)) continue;
    addCall(s, firstOf[down]! + rng.int(0, layers[down]! - 1));
  }
  const callees: number[][] = Array.from({ length: n }, () => []);
  const callers: { caller: number; perRequest: number }[][] = Array.from({ length: n }, () => []);
  for (const c of calls) {
    callees[c.caller]!.push(c.callee);
    callers[c.callee]!.push({ caller: c.caller, perRequest: c.perRequest });
  }

  const selfMs = Float64Array.from({ length: n }, () => (rng.chance(0.03) ? rng.between(60, 200) : rng.between(1, 12)));
  const ownError = Float64Array.from({ length: n }, () => (rng.chance(0.03) ? rng.between(0.05, 0.12) : rng.between(0, 0.004)));
  const parallel = Uint8Array.from({ length: n }, () => (rng.chance(0.7) ? 1 : 0));
  const entryRate = Float64Array.from({ length: n }, (_, s) => (layerOf[s] === 0 ? rng.between(50, 400) : 0));

  const fault = options.fault === null ? null : placeFault(options.fault, layers, firstOf, callees, rng, options.buckets);
  const faultService = fault === null ? -1 : names.indexOf(fault.service);
  const faultExtraMs = faultService < 0 ? 0 : Math.max(500, 4 * selfMs[faultService]!);

  const rate: Float64Array[] = [];
  const errors: Float64Array[] = [];
  const histogram: Float32Array[] = [];
  const durations = Array.from({ length: n }, () => new Float64Array(samples));
  const failProbability = new Float64Array(n);
  for (let b = 0; b < options.buckets; b++) {
    const faulty = fault !== null && b >= fault.at;
    const r = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      let incoming = entryRate[s]! * (1 + 0.05 * gaussian(rng));
      for (const c of callers[s]!) incoming += r[c.caller]! * c.perRequest;
      if (faulty && s === faultService && fault.kind === 'traffic') incoming *= 3;
      r[s] = Math.max(0, incoming);
    }
    // Callees before callers: each request's time includes what it waited for below.
    for (let s = n - 1; s >= 0; s--) {
      const spike = rng.chance(0.01) ? 3 : 1;
      const extraMs = faulty && s === faultService && fault.kind === 'latency' ? faultExtraMs : 0;
      const errorP = faulty && s === faultService && fault.kind === 'errors' ? 0.25 : ownError[s]!;
      const d = durations[s]!;
      let timeouts = 0;
      for (let j = 0; j < samples; j++) {
        let own = selfMs[s]! * Math.exp(0.3 * gaussian(rng)) * spike + extraMs;
        let below = 0;
        for (const c of callees[s]!) {
          // Not every request needs every callee.
          if (!rng.chance(CALL_CHANCE)) continue;
          const k = rng.int(0, samples - 1);
          below = parallel[s] ? Math.max(below, durations[c]![k]!) : below + durations[c]![k]!;
        }
        // A caller gives up on a callee after 5 s: a timeout it reports as its own failure.
        if (below > 5000) {
          below = 5000;
          timeouts++;
        }
        own += below;
        d[j] = own;
      }
      // Failures from the real number of requests of the bucket (a sample of 200 would be far noisier than a
      // service's thousands): its own, its timeouts, and its callees' failures it passes on (4 in 5).
      let ok = (1 - errorP) * (1 - timeouts / samples);
      for (const c of callees[s]!) ok *= 1 - CALL_CHANCE * 0.8 * failProbability[c]!;
      failProbability[s] = 1 - ok;
    }
    const e = new Float64Array(n);
    const h = new Float32Array(n * BOUNDS);
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < samples; j++) h[s * BOUNDS + boundIndex(durations[s]![j]!)]! += 1 / samples;
      const requests = Math.max(1, r[s]! * BUCKET_SECONDS);
      const p = failProbability[s]!;
      const observed = Math.min(1, Math.max(0, p + gaussian(rng) * Math.sqrt((p * (1 - p)) / requests)));
      e[s] = r[s]! * observed;
    }
    rate.push(r);
    errors.push(e);
    histogram.push(h);
  }
  return { names, calls, buckets: options.buckets, fault: fault === null ? null : { ...fault, extraMs: faultExtraMs }, rate, errors, histogram };
}

/** Prometheus's histogram_quantile over one histogram (counts per bound, the last is +Inf): linear inside a bucket. */
export function histogramQuantile(q: number, counts: ArrayLike<number>, offset = 0): number | null {
  let total = 0;
  for (let i = 0; i < BOUNDS; i++) total += counts[offset + i]!;
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < BOUNDS; i++) {
    const inBucket = counts[offset + i]!;
    if (below + inBucket >= rank && inBucket > 0) {
      if (i === BOUNDS - 1) return LATENCY_BOUNDS_MS[BOUNDS - 2]!;
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      return lower + (LATENCY_BOUNDS_MS[i]! - lower) * ((rank - below) / inBucket);
    }
    below += inBucket;
  }
  return LATENCY_BOUNDS_MS[BOUNDS - 2]!;
}

function boundIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms <= LATENCY_BOUNDS_MS[i]!) return i;
  return BOUNDS - 1;
}

function layerSizes(n: number): number[] {
  const shares = [0.01, 0.05, 0.14, 0.2, 0.25, 0.35];
  const sizes = shares.map((share) => Math.max(1, Math.round(share * n)));
  sizes[sizes.length - 1] = Math.max(1, n - sizes.slice(0, -1).reduce((a, b) => a + b, 0));
  return sizes;
}

function placeFault(
  fault: NonNullable<FleetModelOptions['fault']>,
  layers: number[],
  firstOf: number[],
  callees: number[][],
  rng: Rng,
  buckets: number,
): { kind: FaultKind; service: string; at: number } {
  const layer = fault.place === 'top' ? 1 : fault.place === 'middle' ? 3 : layers.length - 1;
  let service = firstOf[layer]! + rng.int(0, layers[layer]! - 1);
  // A middle fault sits where it has callees below it (so callers and callees both surround it).
  for (let tries = 0; fault.place === 'middle' && callees[service]!.length === 0 && tries < 50; tries++) service = firstOf[layer]! + rng.int(0, layers[layer]! - 1);
  const at = fault.at ?? rng.int(Math.floor(buckets * 0.4), Math.floor(buckets * 0.75));
  const names = ['web', 'api', 'svc', 'core', 'data', 'store'];
  return { kind: fault.kind, service: `${names[Math.min(layer, 5)]}-${String(service).padStart(4, '0')}`, at };
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
