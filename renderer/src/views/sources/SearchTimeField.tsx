import type { WorkbenchState } from '../../../../shared/view-state.js';
import { RELATIVE_PRESETS, describeTimeRange } from '../../lib/time-range.js';
import { fieldId } from './FormField.js';
import type { SearchTime, TimeContext } from './search-query.js';
import type { FieldErrors } from './source-draft.js';

interface SearchTimeFieldProps {
  time: SearchTime;
  onChange: (time: SearchTime) => void;
  context: TimeContext;
  errors: FieldErrors;
}

/** The search's time range: the workbench picker's, a relative preset, or from/to typed in the workbench zone. */
export function SearchTimeField({ time, onChange, context, errors }: SearchTimeFieldProps) {
  const value = time.kind === 'last' ? `last:${time.lastMs}` : time.kind;
  const choose = (choice: string) => {
    if (choice === 'workbench') onChange({ kind: 'workbench' });
    else if (choice === 'between') onChange({ kind: 'between', from: '', to: '' });
    else onChange({ kind: 'last', lastMs: Number(choice.slice('last:'.length)) });
  };
  return (
    <div className="source-field search-time" data-invalid={errors.time || errors.from || errors.to ? 'true' : undefined}>
      <label className="source-field-label" htmlFor={fieldId('search-time')}>
        Time range
      </label>
      <div className="search-time-inputs">
        <select id={fieldId('search-time')} data-testid="search-time" className="text-input" value={value} onChange={(event) => choose(event.target.value)}>
          <option value="workbench">
            Workbench: {context.range.kind === 'all' ? 'all cached data (asks the last hour)' : describeTimeRange(context.range, context.timeZone)}
          </option>
          {RELATIVE_PRESETS.map((preset) => (
            <option key={preset.lastMs} value={`last:${preset.lastMs}`}>
              {preset.label}
            </option>
          ))}
          <option value="between">Between…</option>
        </select>
        {time.kind === 'between' && (
          <>
            <input
              className="text-input mono"
              aria-label="From"
              data-testid="search-time-from"
              placeholder={`from ${zoneLabel(context.timeZone)}`}
              value={time.from}
              onChange={(event) => onChange({ ...time, from: event.target.value })}
            />
            <input
              className="text-input mono"
              aria-label="To"
              data-testid="search-time-to"
              placeholder={`to ${zoneLabel(context.timeZone)}`}
              value={time.to}
              onChange={(event) => onChange({ ...time, to: event.target.value })}
            />
          </>
        )}
      </div>
      {(['time', 'from', 'to'] as const).map((key) =>
        errors[key] === undefined ? null : (
          <span key={key} className="source-field-error" data-testid="field-error" data-field={key} role="alert">
            {key === 'time' ? 'Time range' : key === 'from' ? 'From' : 'To'}: {errors[key]}
          </span>
        ),
      )}
    </div>
  );
}

function zoneLabel(timeZone: WorkbenchState['timeZone']): string {
  return timeZone === 'utc' ? '(YYYY-MM-DD HH:MM, UTC)' : '(YYYY-MM-DD HH:MM, local)';
}
