import type { Span } from '../../model.js';
import { detectorModule } from './detector.js';
import { FindingGroups, msText, tracesText } from './finding-groups.js';

/**
 * Messages of connection pools that ran dry, as the common drivers word them: HikariCP ("Connection is not available,
 * request timed out"), SQLAlchemy ("QueuePool limit … connection timed out"), node-postgres ("timeout exceeded when
 * trying to connect"), Go's database/sql and pgx, .NET ("Timeout expired … obtaining a connection from the pool"),
 * Redis clients ("pool timeout"), and plain "pool exhausted".
 */
const POOL_EXHAUSTED = new RegExp(
  [
    'pool (is )?(exhausted|drained|empty)',
    '(timed? ?out|timeout)[^.\\n]{0,40}(waiting|wait) for (a |an |idle |free )?connection',
    'waiting for (a |an |idle |free )?connection[^.\\n]{0,40}(timed? ?out|timeout)',
    'connection is not available, request timed out',
    'queuepool limit',
    'obtaining a connection from the pool',
    'timeout exceeded when trying to connect',
    'could not (obtain|acquire|get) (a )?connection',
    '(acquire|checkout)[^.\\n]{0,30}connection[^.\\n]{0,30}tim(ed? ?out|eout)',
    'connection pool[^.\\n]{0,20}(timeout|timed out|full|exhausted)',
    'pool timeout',
    'too many (clients|connections)',
    'remaining connection slots are reserved',
  ].join('|'),
  'i',
);

export function namesPoolExhaustion(text: string): boolean {
  return POOL_EXHAUSTED.test(text);
}

/** The texts a span carries about its failure: status message and exception events. */
function failureTexts(span: Span): string[] {
  const texts = span.statusMessage === '' ? [] : [span.statusMessage];
  for (const event of span.events) {
    const message = event.attributes['exception.message'];
    if (typeof message === 'string') texts.push(message);
  }
  return texts;
}

/** Pool exhaustion: spans or log lines saying that a caller timed out waiting for a pooled connection. */
export const poolExhaustion = detectorModule('pool-exhaustion', (settings) => {
  const counts = new Map<string, number>();
  const groups = new FindingGroups('pool-exhaustion', (g) => ({
    statement: `${g.service} ${g.operation} ran out of pooled connections ${tracesText(g.traceIds.size)}: "${g.query}" (${msText(g.costNs)} in failing spans)`,
    fix: 'Find what holds connections (slow queries, leaks, missing release), then size the pool to the concurrency it serves.',
  }));
  const sighting = (span: Span | undefined, service: string, traceId: string, text: string, cost: number) => {
    const operation = span?.name ?? '';
    const query = text.length > 160 ? `${text.slice(0, 159)}…` : text;
    const key = `${service}\u0000${operation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    groups.add({ traceId, service, operation, spanIds: span === undefined ? [] : [span.spanId], costNs: cost, query: query.replace(/\d+/g, 'N') });
  };
  return {
    visitSpan(span, trace) {
      const text = failureTexts(span).find(namesPoolExhaustion);
      if (text !== undefined) sighting(span, span.service, trace.traceId, text, trace.durationOf(span));
    },
    visitLog(log, spanOf) {
      if (!namesPoolExhaustion(log.body)) return;
      const span = log.traceId !== null && log.spanId !== null ? spanOf(log.traceId, log.spanId) : undefined;
      sighting(span, log.service, log.traceId ?? '', log.body, 0);
    },
    complete: () => groups.findings().filter((f) => (counts.get(`${f.service}\u0000${f.operation}`) ?? 0) >= settings.minEvents),
  };
});
