import type { ExemplarQuestion } from '../../../shared/contract/fleet-calls.js';
import type { FleetReport } from '../../../shared/fleet/types.js';
import type { SourceKind } from '../../../shared/sources.js';

const EXEMPLARS = 20;

/**
 * What to ask a trace source for a fleet suspect's evidence: the slowest requests of the service after the onset
 * (longer than its p95 before it), the failing ones after the onset, and normal ones before it for contrast — the
 * two sides the trace analysis compares. Without an onset (no change found), the last part of the window stands
 * for "after". Tempo is asked in TraceQL, which can also follow an edge (caller >> callee); other kinds search by
 * the callee's service.
 */
export function exemplarQuestions(report: FleetReport | null, kind: SourceKind, service: string, edge?: { caller: string; callee: string }, nowNs = BigInt(Date.now()) * 1_000_000n): ExemplarQuestion[] {
  const endNs = report === null ? nowNs : BigInt(report.endNs);
  const startNs = report === null ? endNs - 3_600_000_000_000n : BigInt(report.startNs);
  const onsetNs = suspectOnset(report, service) ?? startNs + ((endNs - startNs) * 3n) / 4n;
  const before = { startNs: startNs.toString(), endNs: onsetNs.toString() };
  const after = { startNs: onsetNs.toString(), endNs: endNs.toString() };
  // Slow means slower than the service's p95 before the change (its p95 over the whole window includes the change).
  const suspect = report?.suspects.find((s) => s.service === service && s.kind === 'latency');
  const p95 = suspect?.before ?? report?.services.find((s) => s.service === service)?.p95Ms ?? null;
  const target = edge?.callee ?? service;
  if (kind === 'tempo') {
    const selector = (extra: string) =>
      edge === undefined
        ? `{ resource.service.name = ${quote(target)}${extra} }`
        : `{ resource.service.name = ${quote(edge.caller)} } >> { resource.service.name = ${quote(edge.callee)}${extra} }`;
    return [
      ...(p95 === null ? [] : [{ label: 'slowest' as const, query: { traceql: selector(` && duration > ${Math.ceil(p95)}ms`), limit: EXEMPLARS, ...after } }]),
      { label: 'failing', query: { traceql: selector(' && status = error'), limit: EXEMPLARS, ...after } },
      { label: 'normal', query: { traceql: selector(''), limit: EXEMPLARS, ...before } },
    ];
  }
  return [
    ...(p95 === null ? [] : [{ label: 'slowest' as const, query: { service: target, minDurationMs: Math.ceil(p95), limit: EXEMPLARS, ...after } }]),
    { label: 'failing', query: { service: target, tags: { error: 'true' }, limit: EXEMPLARS, ...after } },
    { label: 'normal', query: { service: target, limit: EXEMPLARS, ...before } },
  ];
}

function suspectOnset(report: FleetReport | null, service: string): bigint | null {
  const own = report?.suspects.find((s) => s.service === service) ?? null;
  const at = own?.onsetNs ?? report?.onsetNs ?? null;
  return at === null ? null : BigInt(at);
}

function quote(value: string): string {
  return JSON.stringify(value);
}
