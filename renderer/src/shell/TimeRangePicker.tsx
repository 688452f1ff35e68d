import { useState, type FormEvent } from 'react';
import type { TimeRange, WorkbenchState } from '../../../shared/view-state.js';
import { DATA_TAIL_PRESETS, RELATIVE_PRESETS, dataTail, describeTimeRange, formatZoned, parseZoned } from '../lib/time-range.js';
import { useCachedExtent } from '../hooks/use-cached-extent.js';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';
import { useDismissable } from '../hooks/use-dismissable.js';

/**
 * The one time range every view reads. "All cached data" is the default: a cache holds an incident from whenever it
 * happened, so "the last hour" is usually empty.
 */
export function TimeRangePicker() {
  const { state, navigate } = useWorkbenchState();
  const { open, setOpen, root } = useDismissable<HTMLDivElement>();
  const extent = useCachedExtent();

  const choose = (time: TimeRange) => {
    navigate({ time });
    setOpen(false);
  };

  return (
    <div className="time-picker" ref={root}>
      <button
        type="button"
        className="button button-quiet time-picker-button"
        data-testid="time-picker"
        data-kind={state.time.kind}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">◷</span> {describeTimeRange(state.time, state.timeZone)}
        <span className="muted"> {state.timeZone === 'utc' ? 'UTC' : 'local'}</span>
      </button>
      {open && (
        <div className="popover time-picker-popover" data-testid="time-picker-popover" role="dialog" aria-label="Time range">
          <div className="time-picker-columns">
            <ul className="menu-list">
              <li>
                <button type="button" className="menu-item" aria-current={state.time.kind === 'all'} onClick={() => choose({ kind: 'all' })}>
                  All cached data
                </button>
              </li>
              {RELATIVE_PRESETS.map((preset) => (
                <li key={preset.lastMs}>
                  <button
                    type="button"
                    className="menu-item"
                    data-testid="time-preset"
                    aria-current={state.time.kind === 'relative' && state.time.lastMs === preset.lastMs}
                    onClick={() => choose({ kind: 'relative', lastMs: preset.lastMs })}
                  >
                    {preset.label}
                  </button>
                </li>
              ))}
            </ul>
            {extent && (
              <ul className="menu-list" aria-label="Of the cached data">
                <li className="menu-heading muted">Of the cached data</li>
                {DATA_TAIL_PRESETS.map((preset) => (
                  <li key={preset.lastMs}>
                    <button
                      type="button"
                      className="menu-item"
                      data-testid="data-tail-preset"
                      title={`The last ${preset.label.replace('Its last ', '')} before the newest cached span or log, as a fixed range`}
                      onClick={() => choose(dataTail(extent, preset.lastMs))}
                    >
                      {preset.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <AbsoluteRangeForm time={state.time} timeZone={state.timeZone} onApply={choose} />
          </div>
          <div className="time-zone-toggle" role="group" aria-label="Show times in">
            {(['utc', 'local'] as const).map((zone) => (
              <button
                key={zone}
                type="button"
                className="segment"
                data-testid={`time-zone-${zone}`}
                aria-pressed={state.timeZone === zone}
                onClick={() => navigate({ timeZone: zone })}
              >
                {zone === 'utc' ? 'UTC' : 'Local time'}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

interface AbsoluteRangeFormProps {
  time: TimeRange;
  timeZone: WorkbenchState['timeZone'];
  onApply: (time: TimeRange) => void;
}

function AbsoluteRangeForm({ time, timeZone, onApply }: AbsoluteRangeFormProps) {
  const [from, setFrom] = useState(time.kind === 'absolute' ? formatZoned(time.startNs, timeZone) : '');
  const [to, setTo] = useState(time.kind === 'absolute' ? formatZoned(time.endNs, timeZone) : '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startNs = parseZoned(from, timeZone);
    const endNs = parseZoned(to, timeZone);
    if (startNs === null) return setError('From: expected a date-time like 2026-11-20 14:00:00');
    if (endNs === null) return setError('To: expected a date-time like 2026-11-20 14:30:00');
    if (BigInt(startNs) > BigInt(endNs)) return setError('From must not be after To');
    onApply({ kind: 'absolute', startNs, endNs });
  };

  return (
    <form className="absolute-range" onSubmit={submit}>
      <label>
        <span>
          From <span className="muted">({timeZone === 'utc' ? 'UTC' : 'local time'})</span>
        </span>
        <input className="text-input mono" data-testid="time-from" value={from} placeholder="2026-11-20 14:00:00" onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To
        <input className="text-input mono" data-testid="time-to" value={to} placeholder="2026-11-20 14:30:00" onChange={(e) => setTo(e.target.value)} />
      </label>
      {error && (
        <p className="text-error form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" data-testid="time-apply">
        Apply range
      </button>
    </form>
  );
}
