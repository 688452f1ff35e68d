import type { SourceKind } from '../../../../shared/sources.js';
import { KINDS, KIND_INFO } from './source-kinds.js';

/** Every kind the config schema has, as a row of choices; fixed once a source is saved (its name is its key). */
export function KindPicker({ kind, onChange, disabled }: { kind: SourceKind; onChange: (kind: SourceKind) => void; disabled: boolean }) {
  return (
    <div className="kind-picker" role="radiogroup" aria-label="Kind" data-testid="source-kind-picker">
      {KINDS.map((option) => (
        <label key={option} className="kind-option" data-checked={option === kind ? 'true' : undefined} data-disabled={disabled && option !== kind ? 'true' : undefined}>
          <input
            type="radio"
            name="source-kind"
            value={option}
            data-testid={`source-kind-${option}`}
            checked={option === kind}
            disabled={disabled && option !== kind}
            onChange={() => onChange(option)}
          />
          <span className="kind-name">{KIND_INFO[option].label}</span>
          <span className="kind-holds muted">{KIND_INFO[option].holds}</span>
        </label>
      ))}
    </div>
  );
}
