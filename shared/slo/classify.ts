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
 * How many requests a sampled span stands for: Jaeger's probabilistic sampler tags (sampler.type/sampler.param) and
 * an explicit `sampling.ratio`/`SampleRate`. Unsampled data weighs 1.
 */
export function samplingWeight(attributes: Attributes): number {
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
