import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SloDefinition } from '../../../../shared/slo/types.js';
import type { ViewState } from '../../../../shared/view-state.js';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { CACHE_SCOPE } from '../../queries/keys.js';
import { sloStatusQuery, sloSuggestionsQuery } from '../../queries/slos.js';
import { SloChart } from './SloChart.js';
import { SloForm } from './SloForm.js';
import { EMPTY_SLO_DRAFT, draftOf, type SloDraft } from './slo-form-model.js';
import { SloSuggestions } from './SloSuggestions.js';
import { SloTable } from './SloTable.js';
import { burnText, flowText, objectiveText, shareText } from './slo-text.js';
import './slos.css';

interface SlosViewProps {
  selected: string | undefined;
  window: TimeWindow;
  timeZone: 'utc' | 'local';
  go: (view: ViewState) => void;
}

/** The SLO page: every objective's compliance, budget and burn, the selected one over time, and objectives to add. */
export function SlosView({ selected, window, timeZone, go }: SlosViewProps) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const statuses = useQuery(sloStatusQuery(client, window));
  const suggestions = useQuery(sloSuggestionsQuery(client, window));
  const refresh = () => queryClient.invalidateQueries({ queryKey: [CACHE_SCOPE] });
  // The form is passing state: open for a new objective or for editing one, closed once saved.
  const [form, setForm] = useState<{ draft: SloDraft; editing: boolean } | null>(null);
  const save = useMutation({
    mutationFn: (slo: SloDefinition) => client.saveSlo({ slo }),
    onSuccess: (slo) => {
      setForm(null);
      void refresh();
      go({ view: 'slos', slo: slo.name });
    },
  });
  const remove = useMutation({ mutationFn: (name: string) => client.removeSlo({ name }), onSuccess: () => (void refresh(), go({ view: 'slos' })) });
  const current = statuses.data?.find((s) => s.slo.name === selected);
  const existing = new Set((statuses.data ?? []).map((s) => s.slo.name));

  return (
    <section className="slos-view" data-testid="slos-view" data-status={statuses.status}>
      <div className="slo-title-row">
        <h2 className="panel-title">Service-level objectives</h2>
        {form === null && (
          <button type="button" className="button button-small" data-testid="new-slo" onClick={() => setForm({ draft: EMPTY_SLO_DRAFT, editing: false })}>
            + New objective
          </button>
        )}
      </div>
      {form !== null && (
        <>
          {save.isError && <ErrorState title="Could not save the SLO" error={save.error} />}
          <SloForm
            key={form.draft.name}
            initial={form.draft}
            editing={form.editing}
            window={window}
            saving={save.isPending}
            onSave={(slo) => save.mutate(slo)}
            onCancel={() => setForm(null)}
          />
        </>
      )}
      {statuses.isPending && <LoadingState label="Loading SLOs…" />}
      {statuses.isError && <ErrorState title="Could not load SLOs" error={statuses.error} />}
      {statuses.isSuccess && statuses.data.length === 0 && (
        <EmptyState title="No SLOs yet">Start from one of the busiest flows below: each objective is one the flow meets today.</EmptyState>
      )}
      {statuses.isSuccess && statuses.data.length > 0 && <SloTable statuses={statuses.data} selected={selected} onSelect={(slo) => go({ view: 'slos', slo })} />}
      {current !== undefined && (
        <div className="slo-detail" data-testid="slo-detail" data-slo={current.slo.name}>
          <h3 className="slo-detail-title">
            {current.slo.name} <span className="muted">· {flowText(current.slo)} · {objectiveText(current.slo)} over {current.slo.periodDays} days</span>
          </h3>
          <p className="slo-detail-figures">
            Compliance <b>{shareText(current.compliance)}</b> · budget left <b>{shareText(current.budgetRemaining)}</b> · burn over the last hour{' '}
            <b>{burnText(current.burnRate1h)}</b>
            {current.gapMinutes > 0 && <span className="muted"> · {current.gapMinutes} minutes without events (gaps, not counted as good)</span>}
            {current.estimated && <span className="muted"> · estimated from sampled spans</span>}
          </p>
          <SloChart status={current} useUTC={timeZone === 'utc'} />
          <div className="slo-detail-actions">
            <button type="button" className="button" onClick={() => go({ view: 'charts', service: current.slo.service, ...(current.slo.operation ? { operation: current.slo.operation } : {}) })}>
              Charts of {current.slo.service}
            </button>
            <button type="button" className="button" onClick={() => go({ view: 'traces', service: current.slo.service, errorsOnly: true })}>
              Erroring traces
            </button>
            <button type="button" className="button" data-testid="edit-slo" onClick={() => setForm({ draft: draftOf(current.slo), editing: true })}>
              Edit
            </button>
            <button type="button" className="button button-danger" data-testid="remove-slo" disabled={remove.isPending} onClick={() => remove.mutate(current.slo.name)}>
              Remove
            </button>
          </div>
        </div>
      )}
      <h3 className="slo-section-title">Suggested objectives</h3>
      {form === null && save.isError && <ErrorState title="Could not save the SLO" error={save.error} />}
      {suggestions.isSuccess && suggestions.data.length === 0 && <EmptyState title="No requests in this time range to suggest objectives from" />}
      {suggestions.isSuccess && suggestions.data.length > 0 && (
        <SloSuggestions suggestions={suggestions.data} existing={existing} saving={save.isPending} onAdd={(slo) => save.mutate(slo)} />
      )}
      <p className="muted slo-cli-hint">
        The same from the command line: <code>casefile slo add NAME --service S --threshold 300ms --target 99</code>
      </p>
    </section>
  );
}
