import type { Attributes } from '../model.js';
import type { BadEvent, SloDefinition } from './types.js';

/** Span kinds as the cache stores them (SPAN_KINDS index). */
const SERVER = 2;
const CONSUMER = 5;

/**
 * The requests a flow serves: server and consumer spans, or a root span of any other kind (a job, a cron run).
 * Calls the service makes (client, producer, internal children) are not its requests.
 */
export function isSloEvent(kind: number, hasParent: boolean): boolean {
  return kind === SERVER || kind === CONSUMER || !hasParent;
}

export interface EventFacts {
  durationNs: number;
  /** 2 = error (STATUS_CODES index). */
  statusCode: number;
  /** Parsed only when the definition needs them: attributes are JSON text in the cache. */
  attributes: () => Attributes;
}

export function isBad(slo: SloDefinition, event: EventFacts): boolean {
  const objective = slo.objective;
  if (objective.kind === 'latency') return event.durationNs > objective.thresholdMs * 1e6;
  return isFailure(objective.bad, event);
}

function isFailure(bad: BadEvent, event: EventFacts): boolean {
  if (bad === 'error') return event.statusCode === 2;
  const attributes = event.attributes();
  if (bad === 'http-5xx') {
    const code = Number(attributes['http.response.status_code'] ?? attributes['http.status_code']);
    return code >= 500 && code <= 599;
  }
  const value = attributes[bad.key];
  const equal = value !== undefined && value !== null && String(value) === bad.value;
  return bad.op === '=' ? equal : !equal;
}

/**
 * How many requests a sampled span stands for: OpenTelemetry's probability sampling threshold in the W3C tracestate
 * (`ot=th:…`), Jaeger's probabilistic sampler tags (sampler.type/sampler.param) and an explicit
 * `sampling.ratio`/`SampleRate`. A span kept on purpose (`sampling.priority` above 0) and unsampled data weigh 1.
 */
export function samplingWeight(attributes: Attributes, traceState?: string | null): number {
  if (Number(attributes['sampling.priority']) > 0) return 1;
  const threshold = traceState ? otelThreshold(traceState) : null;
  if (threshold !== null) return 1 / (1 - threshold);
  if (attributes['sampler.type'] === 'probabilistic') {
    const p = Number(attributes['sampler.param']);
    if (p > 0 && p <= 1) return 1 / p;
  }
  const ratio = Number(attributes['sampling.ratio']);
  if (ratio > 0 && ratio <= 1) return 1 / ratio;
  const rate = Number(attributes.SampleRate);
  if (rate >= 1) return rate;
  return 1;
}

/**
 * The rejection threshold of OpenTelemetry's consistent probability sampling, as a fraction of 2^56: `th` holds up to
 * 14 hex digits with trailing zeros left out ("c" is 0xc0000000000000, three quarters rejected: 1 in 4 kept). Null
 * when the tracestate has no valid threshold, or a threshold that rejects everything.
 */
export function otelThreshold(traceState: string): number | null {
  for (const member of traceState.split(',')) {
    const [vendor, value] = member.trim().split('=', 2);
    if (vendor !== 'ot' || value === undefined) continue;
    for (const field of value.split(';')) {
      const th = /^th:([0-9a-f]{1,14})$/.exec(field.trim());
      if (th === null) continue;
      const rejected = Number.parseInt(th[1]!.padEnd(14, '0'), 16) / 2 ** 56;
      return rejected < 1 ? rejected : null;
    }
  }
  return null;
}
