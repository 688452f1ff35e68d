import type { SloDefinition, SloSuggestion } from './types.js';

/** The next "round" latency at or above `ns`: 1, 2 or 5 × a power of ten, in ms. */
export function roundUpMs(ns: number): number {
  const ms = Math.max(1, ns / 1e6);
  const decade = 10 ** Math.floor(Math.log10(ms));
  const step = [1, 2, 5, 10].find((m) => m * decade >= ms - 1e-9)!;
  return step * decade;
}

/** The strictest common availability target the flow meets today. */
export function availabilityTarget(successRate: number): number {
  return [0.9999, 0.999, 0.995, 0.99, 0.95, 0.9].find((t) => successRate >= t) ?? 0.9;
}

/** Names like "checkout-placeorder-latency": letters, digits, dot, dash, underscore (sloName). */
function sloSlug(service: string, operation: string, kind: string): string {
  const slug = `${service}-${operation}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
  return `${slug || 'flow'}-${kind}`;
}

export function suggestSlo(flow: { service: string; operation: string; requests: number; errors: number; p99Ns: number }): SloSuggestion {
  const successRate = flow.requests === 0 ? 1 : 1 - flow.errors / flow.requests;
  const base = { service: flow.service, operation: flow.operation, periodDays: 28 };
  const latency: SloDefinition = { ...base, name: sloSlug(flow.service, flow.operation, 'latency'), objective: { kind: 'latency', thresholdMs: roundUpMs(flow.p99Ns), target: 0.99 } };
  const availability: SloDefinition = {
    ...base,
    name: sloSlug(flow.service, flow.operation, 'availability'),
    objective: { kind: 'availability', target: availabilityTarget(successRate), bad: 'error' },
  };
  return { service: flow.service, operation: flow.operation, requests: flow.requests, successRate, p99Ns: flow.p99Ns, latency, availability };
}
