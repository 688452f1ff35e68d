import type { JournalStep } from '../../../../shared/casefile-types.js';

/** A step in words, for the report's timeline (the renderer has its own, richer labels). */
export function stepLabelOf(step: JournalStep): string {
  const view = step.state.view as { view: string } & Record<string, unknown>;
  if (step.kind === 'pull') return `pulled ${String(step.detail.what ?? '')} from ${String(step.detail.source ?? '')} (${String(step.detail.sourceKind ?? '')}): ${String(step.detail.query ?? '')}`;
  if (step.kind === 'import') return `imported ${String(step.detail.files ?? '')}`;
  const parts = Object.entries(view)
    .filter(([k, v]) => k !== 'view' && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  const rows = Array.isArray(step.detail.traceIds) ? `, ${step.detail.traceIds.length} traces shown` : '';
  const logs = Array.isArray(step.detail.logIds) && step.detail.logIds.length > 0 ? `, ${step.detail.logIds.length} logs shown` : '';
  return `${step.kind === 'omnibox' ? 'jumped to ' : ''}${view.view}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${rows}${logs}`;
}
