import type { SloDefinition, SloStatus } from '../../../../shared/slo/types.js';

/** How SLOs read in the UI: the flow, the objective in words, shares and burn rates. */
export function flowText(slo: SloDefinition): string {
  return slo.operation === undefined ? slo.service : `${slo.service}: ${slo.operation}`;
}

export function objectiveText(slo: SloDefinition): string {
  const o = slo.objective;
  const target = `${+(o.target * 100).toFixed(4)}%`;
  if (o.kind === 'latency') return `${target} under ${o.thresholdMs} ms`;
  const failure = o.bad === 'error' ? 'succeed' : o.bad === 'http-5xx' ? 'not HTTP 5xx' : `not ${o.bad.key} ${o.bad.op} ${o.bad.value}`;
  return `${target} ${failure}`;
}

export function shareText(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(value > 0.999 && value < 1 ? 3 : 1)}%`;
}

export function burnText(value: number | null): string {
  return value === null ? '—' : `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}

/** The worst alert state: 'page' over 'ticket' over none. */
export function alertLevel(status: SloStatus): 'page' | 'ticket' | 'ok' {
  if (status.alerts.some((a) => a.name === 'page' && a.firing)) return 'page';
  if (status.alerts.some((a) => a.firing)) return 'ticket';
  return 'ok';
}
