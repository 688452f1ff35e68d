import { useState } from 'react';
import { formatDurationInput, parseDurationMs } from '../../lib/duration-input.js';

interface DurationFilterProps {
  minMs: number | undefined;
  maxMs: number | undefined;
  onChange: (bounds: { minMs: number | undefined; maxMs: number | undefined }) => void;
}

/** "Duration ≥ 500ms ≤ 2s": the everyday "show me the slow ones". Applied on Enter or when the field is left. */
export function DurationFilter({ minMs, maxMs, onChange }: DurationFilterProps) {
  return (
    <span className="duration-filter" role="group" aria-label="Duration filter">
      Duration
      <BoundInput label="≥" bound="min" valueMs={minMs} onCommit={(ms) => onChange({ minMs: ms, maxMs })} />
      <BoundInput label="≤" bound="max" valueMs={maxMs} onCommit={(ms) => onChange({ minMs, maxMs: ms })} />
    </span>
  );
}

interface BoundInputProps {
  label: string;
  bound: 'min' | 'max';
  valueMs: number | undefined;
  onCommit: (ms: number | undefined) => void;
}

function BoundInput({ label, bound, valueMs, onCommit }: BoundInputProps) {
  const shown = valueMs === undefined ? '' : formatDurationInput(valueMs);
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? shown;
  const parsed = parseDurationMs(text);
  const commit = () => {
    if (draft === null) return;
    if (parsed !== null && parsed !== valueMs) onCommit(parsed);
    if (parsed !== null) setDraft(null);
  };
  return (
    <label className="duration-bound">
      {label}
      <input
        className={`text-input mono${parsed === null ? ' invalid' : ''}`}
        data-testid={`duration-${bound}`}
        aria-label={`${bound === 'min' ? 'Minimum' : 'Maximum'} duration, e.g. 500ms or 1.5s`}
        aria-invalid={parsed === null}
        title={parsed === null ? 'Expected a duration like 250ms, 1.5s or 2m' : undefined}
        placeholder="any"
        size={7}
        value={text}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
    </label>
  );
}
