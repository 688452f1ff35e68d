import type { Span } from '../../model.js';
import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';
import { callTarget, isDbCall, isHttpClientCall } from './span-facts.js';

function isCall(span: Span): boolean {
  return span.kind === 'client' || span.kind === 'producer' || isDbCall(span) || isHttpClientCall(span);
}

/**
 * Retry storms: under one parent, calls to the same target that follow a failed call to it, at least minRetries of
 * them — a client retrying without backoff (or with too many attempts) multiplies load on a callee already failing.
 */
export const retryStorm = detectorModule('retry-storm', (settings) => {
  const groups = new FindingGroups('retry-storm', (g) => ({
    statement: `${g.service} ${g.operation} retries ${g.query} up to ${g.maxRepeats} times after errors ${tracesText(g.traceIds.size)} (${msText(g.costNs)} spent on retries)`,
    fix: 'Cap the retries, back off exponentially with jitter, and stop retrying errors that will not go away (circuit breaker).',
  }));
  return {
    visitSpan(parent, trace) {
      // More than minRetries calls to one target, and a failed one among them: most parents have neither.
      if (trace.childCount(parent) <= settings.minRetries) return;
      const children = trace.childrenOf(parent);
      if (settings.minRetries > 0 && !children.some((child) => child.statusCode === 'error')) return;
      const byTarget = new Map<string, Span[]>();
      for (const child of children) {
        if (!isCall(child)) continue;
        const key = callTarget(child);
        const list = byTarget.get(key);
        if (list) list.push(child);
        else byTarget.set(key, [child]);
      }
      for (const [query, calls] of byTarget) {
        if (calls.length <= settings.minRetries) continue;
        const retries: Span[] = [];
        for (let i = 1; i < calls.length; i++) if (calls[i - 1]!.statusCode === 'error') retries.push(calls[i]!);
        if (retries.length < settings.minRetries) continue;
        const cost = retries.reduce((sum, s) => sum + trace.durationOf(s), 0);
        groups.add({ traceId: trace.traceId, service: parent.service, operation: parent.name, spanIds: calls.map((s) => s.spanId), costNs: cost, query: query.trim(), repeats: retries.length });
      }
    },
    complete: () => groups.findings(),
  };
});
