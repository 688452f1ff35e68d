import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { dbStatement, isSqlCall, normaliseStatement, shortText } from './span-facts.js';
import { nonOverlapping, totalDuration } from './sequential-runs.js';

/**
 * N+1 queries (Sentry's N+1 DB detector): one parent issuing the same statement, with only its parameters changing,
 * at least minRepeats times one after another, for minTotalMs in all. Key-value stores are left out: a loop of GETs
 * is their normal use.
 */
export const nPlusOneDb = detectorModule('n-plus-one-db', (settings) => {
  const groups = new FindingGroups('n-plus-one-db', (g) => ({
    statement: `${g.service} ${g.operation} runs "${shortText(g.query)}" up to ${g.maxRepeats} times per request, one after another (${tracesText(g.traceIds.size)}, ${msText(g.costNs)} in all)`,
    fix: 'Fetch the rows in one query (WHERE … IN (…) or a join) instead of one query per item.',
  }));
  return {
    visitSpan(parent, trace) {
      if (trace.childCount(parent) < settings.minRepeats) return;
      const byStatement = new Map<string, typeof parent[]>();
      for (const child of trace.childrenOf(parent)) {
        if (!isSqlCall(child)) continue;
        const key = normaliseStatement(dbStatement(child));
        const list = byStatement.get(key);
        if (list) list.push(child);
        else byStatement.set(key, [child]);
      }
      for (const [query, spans] of byStatement) {
        if (spans.length < settings.minRepeats) continue;
        const chain = nonOverlapping(spans, trace);
        const total = totalDuration(chain, trace);
        if (chain.length < settings.minRepeats || total < settings.minTotalMs * MS) continue;
        groups.add({ traceId: trace.traceId, service: parent.service, operation: parent.name, spanIds: chain.map((s) => s.spanId), costNs: total, query, repeats: chain.length });
      }
    },
    complete: () => groups.findings(),
  };
});
