import type { Finding } from './types.js';

/** "SELECT id, percent_off FROM discounts WHERE …" → "SELECT discounts": the verb and the table, as a label needs. */
export function statementSummary(query: string): string {
  const match = query.match(/^\s*(\w+)[\s\S]*?\b(?:FROM|INTO|UPDATE|JOIN)\s+([\w."`[\]]+)/i);
  if (match !== null) return `${match[1]!.toUpperCase()} ${match[2]!.replace(/["`[\]]/g, '')}`;
  return query.length > 40 ? `${query.slice(0, 39)}…` : query;
}

/** The short mark a waterfall row carries for a finding, e.g. "N+1: 38 × SELECT discounts". */
export function findingLabel(finding: Finding): string {
  const times = finding.repeats ?? finding.spanIds.length;
  switch (finding.detector) {
    case 'n-plus-one-db':
      return `N+1: ${times} × ${statementSummary(finding.query ?? '')}`;
    case 'n-plus-one-api':
      return `N+1 API: ${times} × ${finding.query ?? ''}`;
    case 'consecutive-db':
      return `sequential: ${times} queries could run at once`;
    case 'consecutive-http':
      return `sequential: ${times} calls could run at once`;
    case 'slow-db':
      return `slow query: ${statementSummary(finding.query ?? '')}`;
    case 'sleep':
      return finding.query === 'gap' ? 'gap: idle on the critical path' : 'sleep on the critical path';
    case 'retry-storm':
      return `retry storm: ${times} retries`;
    case 'pool-exhaustion':
      return 'connection pool exhausted';
  }
}

/** Span id → the labels of the findings naming it, for marking rows. */
export function findingMarks(findings: readonly Finding[]): Map<string, { label: string; finding: Finding }> {
  const marks = new Map<string, { label: string; finding: Finding }>();
  for (const finding of findings) {
    const label = findingLabel(finding);
    for (const spanId of finding.spanIds) if (!marks.has(spanId)) marks.set(spanId, { label, finding });
  }
  return marks;
}
