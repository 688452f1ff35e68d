import { useState, type FormEvent } from 'react';
import type { ColorMode } from './color-scale.js';

interface GraphToolbarProps {
  names: readonly string[];
  colorMode: ColorMode;
  onColorMode: (mode: ColorMode) => void;
  grouped: boolean;
  canGroup: boolean;
  onGrouped: (grouped: boolean) => void;
  onFind: (name: string) => void;
  summary: string;
}

/** Search, colour mode and grouping. */
export function GraphToolbar({ names, colorMode, onColorMode, grouped, canGroup, onGrouped, onFind, summary }: GraphToolbarProps) {
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = text.trim().toLowerCase();
    if (query === '') return;
    // Exact name first, then the first name that starts with, then contains, what was typed.
    const found =
      names.find((n) => n.toLowerCase() === query) ??
      names.find((n) => n.toLowerCase().startsWith(query)) ??
      names.find((n) => n.toLowerCase().includes(query));
    setMissing(found === undefined);
    if (found !== undefined) onFind(found);
  };
  return (
    <div className="graph-toolbar">
      <form className="graph-search" onSubmit={submit} role="search">
        <input
          type="search"
          className={missing ? 'graph-search-input not-found' : 'graph-search-input'}
          placeholder="Find a service…"
          list="graph-node-names"
          value={text}
          data-testid="graph-search"
          aria-label="Find a service"
          onChange={(event) => {
            setText(event.target.value);
            setMissing(false);
          }}
        />
        <datalist id="graph-node-names">
          {names.slice(0, 5000).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </form>
      <div className="segmented" role="group" aria-label="Colour nodes by">
        <span className="segmented-label">Colour by</span>
        {(['errors', 'latency'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            className={mode === colorMode ? 'segmented-button active' : 'segmented-button'}
            aria-pressed={mode === colorMode}
            data-testid={`color-${mode}`}
            onClick={() => onColorMode(mode)}
          >
            {mode === 'errors' ? 'error rate' : 'p95 latency'}
          </button>
        ))}
      </div>
      {canGroup && (
        <label className="graph-toggle" title="Services sharing a namespace (payments.api, payments/ledger) — or, in a fleet of thousands without namespaces, a first word (checkout-api) — drawn as one group">
          <input type="checkbox" checked={grouped} data-testid="graph-group-toggle" onChange={(event) => onGrouped(event.target.checked)} />
          Group services
        </label>
      )}
      <span className="header-spacer" />
      <span className="muted graph-summary" data-testid="graph-summary">
        {summary}
      </span>
    </div>
  );
}
