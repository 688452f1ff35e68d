import { formatMs, percent } from '../analysis/stats.js';
import { fleetGrid, medianOf, serviceChanges, type FleetGrid, type SeriesChange } from './fleet-changes.js';
import type { FleetAggregates, FleetChange, FleetChangeKind, FleetEdgeRow, FleetReport, FleetServiceRow, FleetSuspect } from './types.js';

/** Changes this many buckets apart are taken as one event (rates are computed over a bucket or more). */
const SAME_ONSET = 2;
/** A callee explains a caller's latency when it rose by at least this share of the caller's rise. */
const LATENCY_SHARE = 0.3;
const MAX_SUSPECTS = 20;

/** Said with a report whose ranking knew no calls (FleetReport.calls = 0). */
export const NO_CALLS_KNOWN =
  'no calls between these services are known (no service graph in the answer, no traces or dependencies cached for the window), so a caller that changed with its callee is ranked too; pull dependencies or a sample of traces, then ask again';

export interface FleetRankInput {
  answer: FleetAggregates;
  sources: FleetReport['sources'];
  /** Services the trace analysis of the cache names as suspects: their fleet suspects rest on both. */
  confirmedByTraces?: ReadonlySet<string>;
  /**
   * Who calls whom as the cache knows it (cached traces, pulled dependencies): the only call graph of answers that
   * carry no edges of their own (Tempo, Elasticsearch, jaeger-query's monitor), without which a caller that slowed
   * with its callee cannot be told from it.
   */
  knownCalls?: readonly { caller: string; callee: string }[];
}

/**
 * Triage over aggregates: which services changed at the incident's onset, and which of those changes are the
 * origin. A caller whose latency rose because a callee's did, or whose errors rose with a callee's failures or
 * slowness (timeouts), is a symptom of that callee; a callee whose traffic rose with its caller's is a symptom of
 * the caller. What is left unexplained is ranked by how much it changed and how much it explains.
 */
export function rankFleet(input: FleetRankInput): FleetReport {
  const { answer } = input;
  const grid = fleetGrid(answer);
  const graph = callGraph(grid, input.knownCalls ?? []);
  const found = serviceChanges(grid);
  const byService = new Map<string, SeriesChange[]>();
  for (const c of found) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);

  const explainedBy = new Map<SeriesChange, SeriesChange>();
  for (const change of found) {
    const cause = explanation(change, graph, byService);
    if (cause !== null) explainedBy.set(change, cause);
  }
  breakCycles(explainedBy);
  const originOf = (change: SeriesChange): SeriesChange => {
    let at = change;
    for (let hops = 0; hops < 64; hops++) {
      const next = explainedBy.get(at);
      if (next === undefined || next === change) return at;
      at = next;
    }
    return at;
  };
  const symptoms = new Map<SeriesChange, Set<string>>();
  for (const change of found) {
    const origin = originOf(change);
    if (origin === change) continue;
    const set = symptoms.get(origin) ?? new Set<string>();
    if (change.service !== origin.service) set.add(change.service);
    symptoms.set(origin, set);
  }

  const startNs = BigInt(answer.startNs);
  const stepNs = BigInt(answer.stepNs);
  const atNs = (bucket: number) => (startNs + stepNs * BigInt(bucket)).toString();
  const roots = found.filter((c) => !explainedBy.has(c));
  const ranked = roots
    .map((c) => ({ change: c, symptoms: [...(symptoms.get(c) ?? [])], score: score(c, symptoms.get(c)?.size ?? 0) }))
    .sort((a, b) => b.score - a.score || a.change.service.localeCompare(b.change.service))
    .slice(0, MAX_SUSPECTS);
  const suspects: FleetSuspect[] = ranked.map((r, i) => {
    const callers = [...(graph.callers.get(r.change.service) ?? [])].sort();
    return {
      rank: i + 1,
      service: r.change.service,
      kind: r.change.kind,
      score: Math.round(r.score * 1000) / 1000,
      before: r.change.before,
      after: r.change.after,
      onsetNs: atNs(r.change.at),
      statement: statement(r.change, r.symptoms.length),
      symptoms: r.symptoms.sort(),
      callers,
      basis: 'aggregates' as const,
    };
  });
  const changes: FleetChange[] = found.map((c) => ({
    service: c.service,
    kind: c.kind,
    before: c.before,
    after: c.after,
    atNs: atNs(c.at),
    z: Math.round(c.z * 10) / 10,
    explainedBy: explainedBy.get(c)?.service ?? null,
  }));
  const report: FleetReport = {
    sources: input.sources,
    startNs: answer.startNs,
    endNs: (startNs + stepNs * BigInt(answer.buckets)).toString(),
    stepNs: answer.stepNs,
    buckets: answer.buckets,
    onsetNs: suspects[0]?.onsetNs ?? null,
    suspects,
    changes,
    services: serviceRows(grid, byService),
    edges: edgeRows(grid),
    calls: [...graph.callees.values()].reduce((n, set) => n + set.size, 0),
  };
  return input.confirmedByTraces === undefined ? report : confirmSuspects(report, input.confirmedByTraces);
}

/** The report with the suspects the trace analysis also names resting on both. */
export function confirmSuspects(report: FleetReport, confirmedByTraces: ReadonlySet<string>): FleetReport {
  if (!report.suspects.some((s) => confirmedByTraces.has(s.service))) return report;
  return { ...report, suspects: report.suspects.map((s) => (confirmedByTraces.has(s.service) ? { ...s, basis: 'both' as const } : s)) };
}

/**
 * Services that call each other can explain each other's change in a circle, which would leave no origin at all: in
 * each circle the biggest change is taken as the origin.
 */
function breakCycles(explainedBy: Map<SeriesChange, SeriesChange>): void {
  const settled = new Set<SeriesChange>();
  for (const start of explainedBy.keys()) {
    const path: SeriesChange[] = [];
    const onPath = new Set<SeriesChange>();
    let at: SeriesChange | undefined = start;
    while (at !== undefined && !settled.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = explainedBy.get(at);
    }
    if (at !== undefined && onPath.has(at)) {
      const circle = path.slice(path.indexOf(at));
      const origin = circle.reduce((best, c) => (severity(c) > severity(best) ? c : best));
      explainedBy.delete(origin);
    }
    for (const c of path) settled.add(c);
  }
}

interface CallGraph {
  callees: Map<string, Set<string>>;
  callers: Map<string, Set<string>>;
}

function callGraph(grid: FleetGrid, known: readonly { caller: string; callee: string }[]): CallGraph {
  const callees = new Map<string, Set<string>>();
  const callers = new Map<string, Set<string>>();
  const add = (caller: string, callee: string) => {
    if (caller === callee || !grid.services.has(caller) || !grid.services.has(callee)) return;
    callees.set(caller, (callees.get(caller) ?? new Set()).add(callee));
    callers.set(callee, (callers.get(callee) ?? new Set()).add(caller));
  };
  for (const edge of grid.edges.values()) if ((edge.series.rate ?? []).some((v) => v !== null && v > 0)) add(edge.caller, edge.callee);
  for (const call of known) add(call.caller, call.callee);
  return { callees, callers };
}

/** The change of a neighbour that explains this one, the biggest when several do; null for an origin. */
function explanation(change: SeriesChange, graph: CallGraph, byService: Map<string, SeriesChange[]>): SeriesChange | null {
  const near = (other: SeriesChange) => Math.abs(other.at - change.at) <= SAME_ONSET;
  const candidates: SeriesChange[] = [];
  if (change.kind === 'traffic') {
    // Traffic flows down the calls: more (or fewer) requests here because a caller sent more (or fewer).
    for (const caller of graph.callers.get(change.service) ?? []) {
      for (const c of byService.get(caller) ?? []) {
        if (c.kind === 'traffic' && near(c) && Math.sign(c.after - c.before) === Math.sign(change.after - change.before)) candidates.push(c);
      }
    }
  } else {
    // Error lines that came with the service's own failing or slowed requests are the same event, told twice.
    if (change.kind === 'error-logs') {
      for (const own of byService.get(change.service) ?? []) if (own !== change && own.kind !== 'traffic' && near(own)) candidates.push(own);
    }
    for (const callee of graph.callees.get(change.service) ?? []) {
      for (const c of byService.get(callee) ?? []) {
        if (!near(c)) continue;
        if (change.kind === 'latency' && c.kind === 'latency' && c.after - c.before >= LATENCY_SHARE * (change.after - change.before)) candidates.push(c);
        // Errors here with failures or slowness below (timeouts) are the callee's doing.
        if ((change.kind === 'errors' || change.kind === 'error-logs') && c.kind !== 'traffic') candidates.push(c);
      }
    }
  }
  candidates.sort((a, b) => severity(b) - severity(a));
  return candidates[0] ?? null;
}

/** How much a change matters in its own terms, on one scale across kinds. */
function severity(c: SeriesChange): number {
  if (c.kind === 'latency') return Math.min(10, (c.after - c.before) / Math.max(c.before, 1));
  if (c.kind === 'errors') return Math.min(10, (c.after - c.before) * 20);
  if (c.kind === 'error-logs') return 0.5 * Math.min(6, Math.log2(Math.max(c.after, 0.01) / Math.max(c.before, 0.01)));
  return 0.5 * Math.min(3, Math.abs(Math.log2(Math.max(c.after, 1e-6) / Math.max(c.before, 1e-6))));
}

function score(c: SeriesChange, explained: number): number {
  return severity(c) * (1 + 0.2 * Math.log2(1 + explained));
}

function statement(c: SeriesChange, symptoms: number): string {
  const followers = symptoms === 0 ? '' : `; ${symptoms} service${symptoms === 1 ? '' : 's'} changed with it`;
  const what: Record<FleetChangeKind, string> = {
    latency: `p95 ${formatMs(c.before)} → ${formatMs(c.after)}`,
    errors: `errors ${percent(c.before)} → ${percent(c.after)} of requests`,
    traffic: `${rate(c.before)} → ${rate(c.after)} requests/s`,
    'error-logs': `error logs ${rate(c.before)} → ${rate(c.after)} lines/s`,
  };
  return `${c.service}: ${what[c.kind]}${followers}`;
}

function rate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

function serviceRows(grid: FleetGrid, byService: Map<string, SeriesChange[]>): FleetServiceRow[] {
  const rows: FleetServiceRow[] = [];
  for (const [service, series] of grid.services) {
    const requests = sum(series.rate);
    rows.push({
      service,
      rate: round(requests / grid.buckets),
      errorRatio: requests > 0 ? round(sum(series.errors) / requests) : 0,
      p95Ms: series.p95 === undefined ? null : round(medianOf(series.p95)),
      changed: (byService.get(service) ?? []).map((c) => c.kind),
    });
  }
  return rows.sort((a, b) => b.rate - a.rate || a.service.localeCompare(b.service));
}

function edgeRows(grid: FleetGrid): FleetEdgeRow[] {
  const rows: FleetEdgeRow[] = [];
  for (const edge of grid.edges.values()) {
    const requests = sum(edge.series.rate);
    rows.push({
      caller: edge.caller,
      callee: edge.callee,
      rate: round(requests / grid.buckets),
      errorRatio: requests > 0 ? round(sum(edge.series.errors) / requests) : 0,
      p95Ms: edge.series.p95 === undefined ? null : round(medianOf(edge.series.p95)),
    });
  }
  return rows.sort((a, b) => b.rate - a.rate);
}

function sum(values: readonly (number | null)[] | undefined): number {
  let total = 0;
  for (const v of values ?? []) total += v ?? 0;
  return total;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
