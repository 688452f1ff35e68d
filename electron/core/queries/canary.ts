import { canaryVerdict, type SplitSample } from '../../../shared/slo/canary.js';
import { isBad } from '../../../shared/slo/classify.js';
import type { CanaryReport, SloDefinition } from '../../../shared/slo/types.js';
import type { Attributes } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';
import { MAX_NS, MIN_NS, nsBound } from './rows.js';

export interface CanaryRequest {
  service: string;
  by: string;
  baseline?: string;
  startNs?: string;
  endNs?: string;
}

type Row = [traceId: string, startNs: bigint, durationNs: bigint, statusCode: bigint, resourceHash: string, spanValue: unknown, attributes: string];

interface Group {
  sample: SplitSample;
  durations: number[];
  slowest: { traceId: string; durationNs: number }[];
  /** Per SLO of the service: [events, bad]. */
  slo: [number, number][];
}

/**
 * The service's requests (server and consumer spans) in the window split by an attribute (resource first, then
 * span), compared by canaryVerdict; the service's SLOs are evaluated per value so the verdict can name one broken.
 */
export function canaryReport(db: Db, request: CanaryRequest, slos: SloDefinition[]): CanaryReport {
  const key = `$."${request.by.replaceAll('"', '""')}"`;
  const byResource = new Map<string, unknown>();
  for (const { hash, value } of db.prepare('SELECT hash, json_extract(attributes, ?) AS value FROM resources').all(key) as { hash: string; value: unknown }[]) {
    if (value !== null) byResource.set(hash, value);
  }
  const rows = db
    .prepare(
      `SELECT trace_id, start_ns, max(end_ns - start_ns, 0), status_code, resource_hash, json_extract(attributes, ?), attributes FROM spans
       WHERE service = ? AND kind IN (2, 5) AND start_ns BETWEEN ? AND ?`,
    )
    .raw(true)
    .safeIntegers(true);
  const serviceSlos = slos.filter((s) => s.service === request.service);
  const groups = new Map<string, Group>();
  const params = [key, request.service, nsBound(request.startNs, MIN_NS), nsBound(request.endNs, MAX_NS)];
  for (const [traceId, startNs, duration, statusCode, hash, spanValue, attributesText] of rows.iterate(...params) as IterableIterator<Row>) {
    const raw = byResource.get(hash) ?? spanValue;
    if (raw === null || raw === undefined) continue;
    const value = String(raw);
    let group = groups.get(value);
    if (group === undefined) {
      group = { sample: { value, durationsNs: new Float64Array(), errors: 0, firstNs: startNs, slowestTraceIds: [] }, durations: [], slowest: [], slo: serviceSlos.map(() => [0, 0]) };
      groups.set(value, group);
    }
    const durationNs = Number(duration);
    group.durations.push(durationNs);
    if (statusCode === 2n) group.sample.errors++;
    if (startNs < group.sample.firstNs) group.sample.firstNs = startNs;
    keepSlowest(group.slowest, traceId, durationNs);
    let parsed: Attributes | undefined;
    serviceSlos.forEach((slo, i) => {
      const tally = group.slo[i]!;
      tally[0]++;
      if (isBad(slo, { durationNs, statusCode: Number(statusCode), attributes: () => (parsed ??= JSON.parse(attributesText) as Attributes) })) tally[1]++;
    });
  }
  const samples = [...groups.values()].map((g) => ({
    ...g.sample,
    durationsNs: Float64Array.from(g.durations),
    slowestTraceIds: g.slowest.map((s) => s.traceId),
  }));
  const sloCompliance = serviceSlos.map((slo, i) => ({
    name: slo.name,
    target: slo.objective.target,
    compliance: Object.fromEntries([...groups].map(([value, g]) => [value, g.slo[i]![0] > 0 ? 1 - g.slo[i]![1] / g.slo[i]![0] : null])),
  }));
  return canaryVerdict(samples, { service: request.service, split: request.by, baseline: request.baseline, slos: sloCompliance });
}

/** The three slowest distinct traces, slowest first. */
function keepSlowest(list: { traceId: string; durationNs: number }[], traceId: string, durationNs: number): void {
  if (list.length === 3 && durationNs <= list[2]!.durationNs) return;
  if (list.some((s) => s.traceId === traceId)) return;
  list.push({ traceId, durationNs });
  list.sort((a, b) => b.durationNs - a.durationNs);
  if (list.length > 3) list.pop();
}
