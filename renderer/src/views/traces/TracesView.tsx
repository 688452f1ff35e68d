import { useState, type FormEvent } from 'react';
import type { ViewState, WorkbenchState } from '../../../../shared/view-state.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { AttributeGroupsTable } from './AttributeGroupsTable.js';
import { ComparePanel } from './ComparePanel.js';
import { TraceDiffPanel } from './TraceDiffPanel.js';
import './compare.css';
import { AttributeKeyOptions } from './AttributeKeyOptions.js';
import { TraceResults } from './TraceResults.js';
import { DurationFilter } from './DurationFilter.js';
import { listIdentity, withDurationBounds, withOrder, withoutFilter, type TracesViewState } from './traces-view-state.js';
import { formatDurationInput } from '../../lib/duration-input.js';

interface TracesViewProps {
  view: TracesViewState;
  window: TimeWindow;
  timeZone: WorkbenchState['timeZone'];
  go: (view: ViewState) => void;
}

/**
 * Traces for the filters in the view state (service, graph edge, attribute value, errors only), or grouped by an
 * attribute. Every filter is a chip that can be removed, and every change is a history step.
 */
export function TracesView({ view, window, timeZone, go }: TracesViewProps) {
  // Two picked traces open their diff below the list (a pick is a passing choice, not a history step).
  const [picked, setPicked] = useState<string[]>(view.diff ? [view.diff.a, view.diff.b] : []);
  const pick = (traceId: string) => setPicked((now) => (now.includes(traceId) ? now.filter((id) => id !== traceId) : [...now, traceId].slice(-2)));
  const openTrace = (traceId: string, spanId?: string) => go({ view: 'trace', traceId, ...(spanId === undefined ? {} : { spanId }) });
  return (
    <section className="panel traces-view" data-testid="traces-view">
      <div className="view-toolbar">
        <h2 className="view-title">{view.groupBy ? 'Traces grouped' : 'Traces'}</h2>
        <FilterChips view={view} go={go} />
        <span className="header-spacer" />
        {!view.groupBy && (
          <DurationFilter minMs={view.minDurationMs} maxMs={view.maxDurationMs} onChange={({ minMs, maxMs }) => go(withDurationBounds(view, minMs, maxMs))} />
        )}
        <label className="checkbox-label">
          <input
            type="checkbox"
            data-testid="errors-only"
            checked={view.errorsOnly ?? false}
            onChange={(event) => go(event.target.checked ? { ...view, errorsOnly: true } : withoutFilter(view, 'errorsOnly'))}
          />
          Errors only
        </label>
        <GroupByInput view={view} window={window} go={go} />
      </div>
      {view.groupBy ? (
        <>
          <AttributeGroupsTable
            groupBy={view.groupBy}
            service={view.service}
            window={window}
            onOpenGroup={(value) => go({ view: 'traces', attribute: { key: view.groupBy ?? '', value } })}
          />
          <ComparePanel by={view.groupBy} service={view.service} window={window} />
        </>
      ) : (
        <>
          <TraceResults
            key={listIdentity(view, window)}
            view={view}
            window={window}
            timeZone={timeZone}
            onOpen={openTrace}
            onOrder={(order) => go(withOrder(view, order))}
            picked={picked}
            onPick={pick}
          />
          {picked.length === 2 ? (
            <TraceDiffPanel a={picked[0]!} b={picked[1]!} onClose={() => setPicked([])} />
          ) : view.edge ? null : (
            <p className="muted compare-hint" data-testid="diff-hint">
              {picked.length === 1 ? 'Pick one more trace to diff against it.' : 'Pick two traces (Diff column) to compare their structure and timing.'}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function FilterChips({ view, go }: { view: TracesViewState; go: (view: ViewState) => void }) {
  const chips: { id: Parameters<typeof withoutFilter>[1]; label: string }[] = [];
  if (view.service) chips.push({ id: 'service', label: `service: ${view.service}` });
  if (view.operation) chips.push({ id: 'operation', label: `operation: ${view.operation}` });
  if (view.edge) chips.push({ id: 'edge', label: `edge: ${view.edge.source} → ${view.edge.target}` });
  if (view.attribute) chips.push({ id: 'attribute', label: `${view.attribute.key} = ${view.attribute.value}` });
  if (view.groupBy) chips.push({ id: 'groupBy', label: `group by: ${view.groupBy}` });
  if (view.minDurationMs !== undefined || view.maxDurationMs !== undefined) chips.push({ id: 'duration', label: durationLabel(view) });
  return (
    <span className="filter-chips">
      {chips.map((chip) => (
        <span key={chip.id} className="chip" data-testid="filter-chip" data-filter={chip.id}>
          {chip.label}
          <button type="button" className="chip-remove" aria-label={`Remove ${chip.label}`} onClick={() => go(withoutFilter(view, chip.id))}>
            ×
          </button>
        </span>
      ))}
      {chips.length === 0 && <span className="muted">all services</span>}
    </span>
  );
}

function durationLabel({ minDurationMs: min, maxDurationMs: max }: TracesViewState): string {
  const bounds = [min === undefined ? '' : `≥ ${formatDurationInput(min)}`, max === undefined ? '' : `≤ ${formatDurationInput(max)}`];
  return `duration ${bounds.filter(Boolean).join(' ')}`;
}

function GroupByInput({ view, window, go }: { view: TracesViewState; window: TimeWindow; go: (view: ViewState) => void }) {
  const [key, setKey] = useState(view.groupBy ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    go(trimmed === '' ? withoutFilter(view, 'groupBy') : { ...view, groupBy: trimmed });
  };
  return (
    <form className="group-by-form" onSubmit={submit}>
      <input
        className="text-input mono"
        data-testid="group-by-input"
        list="group-by-keys"
        value={key}
        placeholder="group by attribute, e.g. service.version"
        aria-label="Group traces by attribute key"
        onChange={(event) => setKey(event.target.value)}
      />
      <AttributeKeyOptions id="group-by-keys" service={view.service} window={window} />
    </form>
  );
}
