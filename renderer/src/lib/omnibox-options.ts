import type { NavCandidate } from '../../../shared/nav-types.js';
import type { ViewState } from '../../../shared/view-state.js';
import { formatCount } from './format-count.js';
import { formatDuration } from './format-duration.js';

/** One line of the omnibox: what it says and where it goes. */
export interface OmniboxOption {
  key: string;
  kind: NavCandidate['kind'];
  title: string;
  detail: string;
  target: ViewState;
}

/**
 * Candidates as the lines to choose from, in the server's order. A service gives two lines, the graph focused on it
 * first (where an investigation of a service usually starts) and its traces second.
 */
export function omniboxOptions(candidates: readonly NavCandidate[]): OmniboxOption[] {
  return candidates.flatMap((candidate): OmniboxOption[] => {
    switch (candidate.kind) {
      case 'trace':
        return [
          {
            key: `trace:${candidate.traceId}`,
            kind: 'trace',
            title: `Trace ${candidate.traceId}`,
            detail: `${candidate.rootService ?? '?'} ${candidate.rootName ?? ''} · ${formatDuration(candidate.durationNs)} · ${formatCount(candidate.spanCount)} spans${candidate.match === 'prefix' ? ' · id starts with it' : ''}`,
            target: { view: 'trace', traceId: candidate.traceId },
          },
        ];
      case 'span':
        return [
          {
            key: `span:${candidate.traceId}:${candidate.spanId}`,
            kind: 'span',
            title: `Span ${candidate.spanId}`,
            detail: `${candidate.service} ${candidate.name} · in trace ${candidate.traceId.slice(0, 12)}…`,
            target: { view: 'trace', traceId: candidate.traceId, spanId: candidate.spanId },
          },
        ];
      case 'service':
        return [
          {
            key: `service:${candidate.service}`,
            kind: 'service',
            title: `Service ${candidate.service}`,
            detail: 'focus it in the service graph',
            target: { view: 'graph', service: candidate.service },
          },
          {
            key: `service-traces:${candidate.service}`,
            kind: 'service',
            title: `Traces of ${candidate.service}`,
            detail: `${formatCount(candidate.traceCount)} traces`,
            target: { view: 'traces', service: candidate.service },
          },
        ];
      case 'operation':
        return [
          {
            key: `operation:${candidate.service}:${candidate.name}`,
            kind: 'operation',
            title: `Operation ${candidate.name}`,
            detail: `${candidate.service} · ${formatCount(candidate.spanCount)} spans${candidate.errorCount > 0 ? ` · ${formatCount(candidate.errorCount)} errors` : ''} · its traces`,
            target: { view: 'traces', service: candidate.service, operation: candidate.name },
          },
        ];
      case 'logs':
        return [
          {
            key: `logs:${candidate.text}`,
            kind: 'logs',
            title: `Search logs for “${candidate.text}”`,
            detail: `${formatCount(candidate.count)}${candidate.more ? '+' : ''} matching logs`,
            target: { view: 'logs', text: candidate.text },
          },
        ];
    }
  });
}
