import type { JournalStep } from '../../../shared/casefile-types.js';
import type { ViewState } from '../../../shared/view-state.js';

/** A step in a few words: what was looked at, for the journal list and the timeline's tooltips. */
export function viewLabel(view: ViewState): string {
  switch (view.view) {
    case 'graph':
      return view.edge ? `graph: ${view.edge.source} → ${view.edge.target}` : view.service ? `graph: ${view.service}` : 'service graph';
    case 'traces':
      return tracesLabel(view);
    case 'trace':
      return `trace ${view.traceId.slice(0, 12)}${view.spanId ? ` span ${view.spanId.slice(0, 8)}` : ''}`;
    case 'logs':
      return `logs${view.service ? ` of ${view.service}` : ''}${view.traceId ? ` of trace ${view.traceId.slice(0, 8)}` : ''}${view.text ? ` “${view.text}”` : ''}`;
    case 'charts':
      return `charts of ${view.service}`;
    case 'sources':
      return 'sources';
    case 'slos':
      return view.slo ? `SLO ${view.slo}` : 'SLOs';
  }
}

export function stepLabel(step: JournalStep): string {
  if (step.kind === 'pull') return `pull ${String(step.detail.what ?? '')} from ${String(step.detail.source ?? '')}`;
  if (step.kind === 'import') return `import ${String(step.detail.files ?? '')}`;
  const prefix = step.kind === 'omnibox' ? 'jump to ' : step.kind === 'search' ? 'search → ' : '';
  return `${prefix}${viewLabel(step.state.view)}`;
}

function tracesLabel(view: Extract<ViewState, { view: 'traces' }>): string {
  const parts = ['traces'];
  if (view.service) parts.push(`of ${view.service}`);
  if (view.operation) parts.push(view.operation);
  if (view.edge) parts.push(`${view.edge.source} → ${view.edge.target}`);
  if (view.attribute) parts.push(`${view.attribute.key}=${view.attribute.value}`);
  if (view.errorsOnly) parts.push('(errors)');
  if (view.minDurationMs !== undefined) parts.push(`≥ ${view.minDurationMs} ms`);
  if (view.maxDurationMs !== undefined) parts.push(`≤ ${view.maxDurationMs} ms`);
  if (view.sort) parts.push(`by ${view.sort}${view.ascending ? ' ↑' : ''}`);
  return parts.join(' ');
}
