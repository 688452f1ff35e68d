import { useEffect, useState } from 'react';
import type { LogsFilter } from './logs-queries.js';

interface LogsToolbarProps {
  filter: LogsFilter;
  onChangeFilter: (filter: LogsFilter) => void;
}

/** Minimum severity choices, by OpenTelemetry severity number (the lowest number of each band). */
const SEVERITIES: { label: string; value: number | undefined }[] = [
  { label: 'All severities', value: undefined },
  { label: 'DEBUG and up', value: 5 },
  { label: 'INFO and up', value: 9 },
  { label: 'WARN and up', value: 13 },
  { label: 'ERROR and up', value: 17 },
  { label: 'FATAL', value: 21 },
];

function without(filter: LogsFilter, key: keyof LogsFilter): LogsFilter {
  const next = { ...filter };
  delete next[key];
  // A span id means nothing without its trace.
  if (key === 'traceId') delete next.spanId;
  return next;
}

/** The filters as removable chips, a text search (applied on Enter or after a pause) and a severity floor. */
export function LogsToolbar({ filter, onChangeFilter }: LogsToolbarProps) {
  const [text, setText] = useState(filter.text ?? '');
  useEffect(() => setText(filter.text ?? ''), [filter.text]);

  const applyText = (value: string) => {
    const trimmed = value.trim();
    if (trimmed === (filter.text ?? '')) return;
    onChangeFilter(trimmed === '' ? without(filter, 'text') : { ...filter, text: trimmed });
  };
  // Typing pauses search after 400 ms, so each keystroke does not start a query.
  useEffect(() => {
    const timer = setTimeout(() => applyText(text), 400);
    return () => clearTimeout(timer);
  });

  const chips: { key: keyof LogsFilter; label: string }[] = [];
  if (filter.service !== undefined) chips.push({ key: 'service', label: `service: ${filter.service}` });
  if (filter.traceId !== undefined) chips.push({ key: 'traceId', label: `trace: ${filter.traceId.slice(0, 12)}` });
  if (filter.spanId !== undefined) chips.push({ key: 'spanId', label: `span: ${filter.spanId.slice(0, 12)}` });

  return (
    <div className="view-toolbar logs-toolbar">
      <h2 className="view-title">Logs</h2>
      <span className="filter-chips">
        {chips.map((chip) => (
          <span key={chip.key} className="chip" data-testid="logs-filter-chip" data-key={chip.key}>
            {chip.label}
            <button type="button" className="chip-remove" aria-label={`Remove ${chip.label}`} onClick={() => onChangeFilter(without(filter, chip.key))}>
              ×
            </button>
          </span>
        ))}
      </span>
      <input
        type="search"
        className="logs-search"
        data-testid="logs-search"
        placeholder="Search log text…"
        aria-label="Search log text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') applyText(text);
        }}
      />
      <select
        className="logs-severity"
        data-testid="logs-severity"
        aria-label="Minimum severity"
        value={filter.minSeverity === undefined ? '' : String(filter.minSeverity)}
        onChange={(event) => {
          const value = event.target.value === '' ? undefined : Number(event.target.value);
          onChangeFilter(value === undefined ? without(filter, 'minSeverity') : { ...filter, minSeverity: value });
        }}
      >
        {SEVERITIES.map((option) => (
          <option key={option.label} value={option.value === undefined ? '' : String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
