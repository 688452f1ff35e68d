import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { dbStatement, isSqlCall, normaliseStatement, shortText } from './span-facts.js';
import { parallelSaving, sequentialRuns } from './sequential-runs.js';

/** Reads can run side by side; writes may depend on each other's effects (and usually share a transaction). */
const READ = /^\s*(\(\s*)?(SELECT|WITH|SHOW|FIND|AGGREGATE|COUNT|GET|SCAN|QUERY)\b/i;

/**
 * Consecutive DB queries (Sentry's detector of that name): different read queries of one parent, each over minEachMs,
 * awaited one after another with nothing in between, where running them at once would save minSavingMs.
 */
export const consecutiveDb = detectorModule('consecutive-db', (settings) => {
  const groups = new FindingGroups('consecutive-db', (g) => ({
    statement: `${g.service} ${g.operation} awaits ${g.maxRepeats} independent queries one after another (${shortText(g.query, 120)}) ${tracesText(g.traceIds.size)}; running them at once would save ${msText(g.costNs)}`,
    fix: 'Issue the independent queries concurrently (or as one query) instead of awaiting each in turn.',
  }));
  return {
    visitSpan(parent, trace) {
      if (trace.childCount(parent) < settings.minCalls) return;
      const runs = sequentialRuns(trace.childrenOf(parent), trace, (s) => isSqlCall(s) && trace.durationOf(s) > settings.minEachMs * MS && READ.test(dbStatement(s)));
      for (const run of runs) {
        const statements = run.map((s) => normaliseStatement(dbStatement(s)));
        if (run.length < settings.minCalls || new Set(statements).size < 2) continue;
        const saving = parallelSaving(run, trace);
        if (saving < settings.minSavingMs * MS) continue;
        groups.add({ traceId: trace.traceId, service: parent.service, operation: parent.name, spanIds: run.map((s) => s.spanId), costNs: saving, query: statements.join(' | '), repeats: run.length });
      }
    },
    complete: () => groups.findings(),
  };
});
