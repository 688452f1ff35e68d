import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { dbStatement, isDbCall, normaliseStatement, shortText } from './span-facts.js';

/** Slow DB queries (Sentry's detector of that name): statements taking minMs or more, grouped by normalised text. */
export const slowDb = detectorModule('slow-db', (settings) => {
  const groups = new FindingGroups('slow-db', (g) => ({
    statement: `"${shortText(g.query)}" from ${g.service} took up to ${msText(g.maxCostNs)} (${g.sightings} slow runs ${tracesText(g.traceIds.size)}, ${msText(g.costNs)} in all)`,
    fix: 'Check the query plan (EXPLAIN): add the missing index, narrow the rows read, or cache the result.',
  }));
  return {
    visitSpan(span, trace) {
      if (!isDbCall(span)) return;
      const duration = trace.durationOf(span);
      if (duration < settings.minMs * MS) return;
      // Grouped by caller service and statement, not by the calling operation: one slow query is one fix.
      groups.add({ traceId: trace.traceId, service: span.service, operation: span.name, spanIds: [span.spanId], costNs: duration, query: normaliseStatement(dbStatement(span)) });
    },
    complete: () => groups.findings(),
  };
});
