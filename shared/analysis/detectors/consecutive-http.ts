import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { httpRoute, isHttpClientCall, peerOf } from './span-facts.js';
import { parallelSaving, sequentialRuns } from './sequential-runs.js';

/**
 * Consecutive HTTP calls (Sentry's detector of that name): successful outgoing calls of one parent, each over
 * minEachMs, awaited one after another, where running them at once would save minSavingMs. Failed calls are left to
 * the retry-storm detector.
 */
export const consecutiveHttp = detectorModule('consecutive-http', (settings) => {
  const groups = new FindingGroups('consecutive-http', (g) => ({
    statement: `${g.service} ${g.operation} awaits ${g.maxRepeats} slow HTTP calls one after another (${g.query}) ${tracesText(g.traceIds.size)}; running them at once would save ${msText(g.costNs)}`,
    fix: 'Make the independent HTTP calls concurrently (Promise.all, futures) instead of one after another.',
  }));
  return {
    visitSpan(parent, trace) {
      if (trace.childCount(parent) < settings.minCalls) return;
      const runs = sequentialRuns(trace.childrenOf(parent), trace, (s) => isHttpClientCall(s) && s.statusCode !== 'error' && trace.durationOf(s) > settings.minEachMs * MS);
      for (const run of runs) {
        if (run.length < settings.minCalls) continue;
        const saving = parallelSaving(run, trace);
        if (saving < settings.minSavingMs * MS) continue;
        const query = run.map((s) => `${peerOf(s)} ${httpRoute(s)}`.trim()).join(' | ');
        groups.add({ traceId: trace.traceId, service: parent.service, operation: parent.name, spanIds: run.map((s) => s.spanId), costNs: saving, query, repeats: run.length });
      }
    },
    complete: () => groups.findings(),
  };
});
