import type { Span } from '../../model.js';
import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { MS } from './settings.js';
import { isDbCall } from './span-facts.js';

/** A leaf's own time is the work it traces, so a leaf counts only when it says it idles. */
const IDLE_NAME = /(^|[^a-z])(sleep|delay|pause|backoff)|Sleep|Delay|Pause|Backoff/;

function idleLeaf(span: Span, childCount: number): boolean {
  if (childCount > 0 || span.kind !== 'internal') return false;
  const fn = span.attributes['code.function'] ?? span.attributes['code.function.name'];
  return IDLE_NAME.test(span.name) || (typeof fn === 'string' && IDLE_NAME.test(fn));
}

/**
 * Sleeps and gaps: time on the critical path where a span does nothing traced — no child runs (a gap in a handler
 * with children), or a leaf that names itself a sleep — of at least minMs and minShare of the span, seen in at
 * least minTraces traces of the same operation (one slow request is noise; a sleep left in code repeats).
 * Client and producer spans are skipped: their own time is the network or the queue, not the caller idling.
 */
export const sleep = detectorModule('sleep', (settings) => {
  const groups = new FindingGroups('sleep', (g) => ({
    statement: `${g.service} ${g.operation} spends up to ${msText(g.maxCostNs)} ${g.query === 'gap' ? 'with no traced work (a gap)' : `in "${g.query}"`} on the critical path ${tracesText(g.traceIds.size)} (${msText(g.costNs)} in all)`,
    fix: g.query === 'gap' ? 'Find what the handler waits on in the gap (a sleep, a lock, untraced I/O) and remove or trace it.' : 'Remove the sleep (debug or throttling code) or make it asynchronous off the request path.',
  }));
  return {
    visitSpan(span, trace) {
      if (span.kind === 'client' || span.kind === 'producer' || isDbCall(span)) return;
      // Critical time is measured on times trimmed into the parent; the span's own (exclusive) time bounds it.
      const critical = trace.criticalSelfTime(span);
      if (critical === 0) return;
      const self = Math.min(critical, trace.selfTime(span));
      if (self < settings.minMs * MS || self < settings.minShare * trace.durationOf(span)) return;
      const childCount = trace.childCount(span);
      if (childCount > 0) {
        groups.add({ traceId: trace.traceId, service: span.service, operation: span.name, spanIds: [span.spanId], costNs: self, query: 'gap' });
      } else if (idleLeaf(span, childCount)) {
        // Reported on the operation that sleeps (the leaf's parent in the same service), where the fix goes.
        const parent = trace.parentOf(span);
        const operation = parent !== undefined && parent.service === span.service ? parent.name : span.name;
        groups.add({ traceId: trace.traceId, service: span.service, operation, spanIds: [span.spanId], costNs: self, query: span.name });
      }
    },
    complete: () => groups.findings(settings.minTraces),
  };
});
