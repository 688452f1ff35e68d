import type { analysisCalls } from '../../../shared/contract/analysis-calls.js';
import type { fleetCalls } from '../../../shared/contract/fleet-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import { confirmSuspects, rankFleet } from '../../../shared/fleet/fleet-rank.js';
import type { FleetReport } from '../../../shared/fleet/types.js';
import { exemplarQuestions } from '../fleet/exemplar-questions.js';
import { fleetAnswerIds, fleetAnswers } from '../fleet/fleet-answers.js';
import { callGraph } from '../queries/service-graph.js';
import type { HandlerContext } from './handler-context.js';

type Analyze = Handlers<typeof analysisCalls>['analyze'];

/** Fleet triage (shared/contract/fleet-calls.ts): aggregates through the pull ledger, ranked over the cached answers. */
export function fleetHandlers(ctx: HandlerContext, analyze: Analyze): Handlers<typeof fleetCalls> {
  const rank = (loadIds: readonly number[]): FleetReport | null => {
    // The ranking and its tables read rates, errors, p95 and error lines; p50/p99 are for a service's charts (fleetSeries).
    const answers = fleetAnswers(ctx.db, loadIds, { metrics: ['rate', 'errors', 'p95', 'errorLogs'] });
    if (answers === null) return null;
    // Answers with a service graph of their own need no other; for the rest (TraceQL metrics, span indices, the
    // monitor API) the cache's calls are read, which means a pass over the window's cached spans.
    const hasEdges = answers.merged.series.some((s) => s.scope === 'edge');
    const knownCalls = hasEdges ? [] : callGraph(ctx.db, { startNs: answers.merged.startNs, endNs: endOf(answers.merged) }, false).edges.map((e) => ({ caller: e.source, callee: e.target }));
    return rankFleet({ answer: answers.merged, sources: answers.sources, knownCalls });
  };
  // The source page and the fleet graph ask about the same answers one after the other: a ranking stands until the cache changes.
  let last: { key: string; ranked: FleetReport | null } | null = null;
  const report = async (loadIds: readonly number[] | undefined, confirm: boolean, withSeries = false): Promise<FleetReport | null> => {
    const ids = fleetAnswerIds(ctx.db, loadIds);
    const key = `${ids.join(',')} ${cacheGeneration(ctx.db)}`;
    if (last?.key !== key) last = { key, ranked: rank(ids) };
    let ranked = last.ranked;
    if (ranked === null) return null;
    if (confirm) ranked = confirmSuspects(ranked, await tracesNamed(ctx, analyze, ranked.startNs, ranked.endNs));
    return withSeries ? { ...ranked, series: fleetAnswers(ctx.db, ids)?.merged.series ?? [] } : ranked;
  };
  return {
    pullAggregates: (input) => ctx.pulls.start({ what: 'aggregates', source: input.source, query: input.query, refresh: input.refresh }),
    fleetReport: (input) => report(input.loadIds, input.confirm, input.series),
    fleetSeries: (input) => {
      const answers = fleetAnswers(ctx.db, input.loadIds, { service: input.service });
      if (answers === null) return Promise.resolve(null);
      const { merged } = answers;
      return Promise.resolve({ startNs: merged.startNs, stepNs: merged.stepNs, buckets: merged.buckets, series: merged.series });
    },
    exemplarQuestions: async (input) => {
      const source = await ctx.sources.get(input.source);
      if (source === null) throw new ApiError('not-found', `no source named "${input.source}"`);
      return exemplarQuestions(await report(input.loadIds, false), source.config.kind, input.service, input.edge);
    },
  };
}

/** Changes whenever a load starts, ends or goes, or spans arrive: what a fleet report rests on cannot have changed otherwise. */
function cacheGeneration(db: HandlerContext['db']): string {
  const row = db
    .prepare("SELECT (SELECT max(rowid) FROM spans), (SELECT count(*) FROM loads), (SELECT max(id) FROM loads), (SELECT count(*) FROM loads WHERE status = 'done')")
    .raw(true)
    .get() as unknown[];
  return row.join(':');
}

function endOf(answer: { startNs: string; stepNs: string; buckets: number }): string {
  return (BigInt(answer.startNs) + BigInt(answer.stepNs) * BigInt(answer.buckets)).toString();
}

/**
 * Services the trace analysis names over the fleet window, when the cache holds spans there (exemplars pulled):
 * a fleet suspect they name rests on both the aggregates and the traces.
 */
async function tracesNamed(ctx: HandlerContext, analyze: Analyze, startNs: string, endNs: string): Promise<Set<string>> {
  const any = ctx.db.prepare('SELECT 1 FROM spans WHERE start_ns >= ? AND start_ns < ? LIMIT 1').get(BigInt(startNs), BigInt(endNs));
  if (any === undefined) return new Set();
  const answer = await analyze({ startNs, endNs, symptom: { kind: 'any' }, wait: true });
  return new Set((answer.result?.suspects ?? []).slice(0, 5).map((s) => s.service));
}
