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
  /** The trace of each duration, in the same order. */
  traceIds: string[];
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
      group = { sample: { value, durationsNs: new Float64Array(), errors: 0, firstNs: startNs, slowestTraceIds: [] }, durations: [], traceIds: [], slowest: [], slo: serviceSlos.map(() => [0, 0]) };
      groups.set(value, group);
    }
    const durationNs = Number(duration);
    group.durations.push(durationNs);
    group.traceIds.push(traceId);
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
  const report = canaryVerdict(samples, { service: request.service, split: request.by, baseline: request.baseline, slos: sloCompliance });
  const worst = report.worstTraceIds[0];
  const baseline = groups.get(report.baseline);
  if (worst !== undefined && baseline !== undefined) report.baselineTraceId = typicalLike(db, baseline, worst);
  return report;
}

/** How far from the median a typical request is looked for: enough to find the entry operation, bounded per call. */
const TYPICAL_PROBES = 2000;

/**
 * A baseline request as typical as can be, in a trace shaped like `worst`: the one nearest the baseline's median
 * duration whose trace enters by the same root operation, so a diff compares like with like (a product page against
 * a product page, not against the home page). Null when no such trace is near.
 */
function typicalLike(db: Db, group: Group, worst: string): string | null {
  const rootOf = db.prepare('SELECT root_service, root_name FROM traces WHERE trace_id = ?');
  const target = rootOf.get(worst) as { root_service: string | null; root_name: string | null } | undefined;
  if (target === undefined) return null;
  const order = group.durations.map((_, i) => i).sort((a, b) => group.durations[a]! - group.durations[b]!);
  const middle = Math.floor(order.length / 2);
  for (let step = 0; step < Math.min(order.length, TYPICAL_PROBES); step++) {
    // Outward from the median: middle, middle+1, middle−1, middle+2, …
    const at = middle + (step % 2 === 0 ? step / 2 : -(step + 1) / 2);
    const index = order[at];
    if (index === undefined) continue;
    const traceId = group.traceIds[index]!;
    if (traceId === worst) continue;
    const root = rootOf.get(traceId) as { root_service: string | null; root_name: string | null } | undefined;
    if (root !== undefined && root.root_service === target.root_service && root.root_name === target.root_name) return traceId;
  }
  return null;
}

/** The three slowest distinct traces, slowest first. */
function keepSlowest(list: { traceId: string; durationNs: number }[], traceId: string, durationNs: number): void {
  if (list.length === 3 && durationNs <= list[2]!.durationNs) return;
  if (list.some((s) => s.traceId === traceId)) return;
  list.push({ traceId, durationNs });
  list.sort((a, b) => b.durationNs - a.durationNs);
  if (list.length > 3) list.pop();
}
