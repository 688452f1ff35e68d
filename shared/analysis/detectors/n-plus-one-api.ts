import type { Span } from '../../model.js';
import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { httpRoute, isHttpClientCall, peerOf } from './span-facts.js';
import { totalDuration } from './sequential-runs.js';

/**
 * N+1 API calls (Sentry's N+1 API Calls detector): one parent calling the same HTTP route (ids in the path stripped)
 * at least minRepeats times, for minTotalMs in all, where one batch request would do.
 */
export const nPlusOneApi = detectorModule('n-plus-one-api', (settings) => {
  const groups = new FindingGroups('n-plus-one-api', (g) => ({
    statement: `${g.service} ${g.operation} calls ${g.query} up to ${g.maxRepeats} times per request (${tracesText(g.traceIds.size)}, ${msText(g.costNs)} in all)`,
    fix: 'Use one batch request (or an endpoint that returns all items) instead of one call per item.',
  }));
  return {
    visitSpan(parent, trace) {
      if (trace.childCount(parent) < settings.minRepeats) return;
      const byRoute = new Map<string, Span[]>();
      for (const child of trace.childrenOf(parent)) {
        if (!isHttpClientCall(child)) continue;
        const key = `${peerOf(child)} ${httpRoute(child)}`.trim();
        const list = byRoute.get(key);
        if (list) list.push(child);
        else byRoute.set(key, [child]);
      }
      for (const [query, spans] of byRoute) {
        const total = totalDuration(spans, trace);
        if (spans.length < settings.minRepeats || total < settings.minTotalMs * MS) continue;
        groups.add({ traceId: trace.traceId, service: parent.service, operation: parent.name, spanIds: spans.map((s) => s.spanId), costNs: total, query, repeats: spans.length });
      }
    },
    complete: () => groups.findings(),
  };
});
