import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ViewState } from '../../../shared/view-state.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { omniboxOptions } from '../lib/omnibox-options.js';
import { resolveQueryQuery } from '../queries/nav.js';
import { useDebouncedValue } from '../hooks/use-debounced-value.js';
import { markStepIntent } from '../casefile/step-intent.js';

interface OmniboxProps {
  onGo: (target: ViewState) => void;
  onClose: () => void;
}

/** Ctrl/Cmd+K: a trace id (any form), a span id, a service or free text, and Enter goes there. */
export function Omnibox({ onGo: go, onClose }: OmniboxProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(text, 120);
  const resolution = useQuery(resolveQueryQuery(useApiClient(), debounced));
  const input = useRef<HTMLInputElement>(null);
  // The journal records the jump as an omnibox step, with what was typed.
  const onGo = (target: ViewState) => {
    markStepIntent({ kind: 'omnibox', detail: { typed: text.trim() } });
    go(target);
  };
  // Only the answer for what is typed now counts: a stale answer must not be what Enter picks.
  const current = resolution.data !== undefined && resolution.data.text === text.trim() && text.trim() !== '';
  const options = useMemo(() => (current && resolution.data ? omniboxOptions(resolution.data.candidates) : []), [current, resolution.data]);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [options]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      const option = options[active];
      if (option) onGo(option.target);
    } else return;
    event.preventDefault();
  };

  const searching = text.trim() !== '' && !current;
  return (
    <div className="modal-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="omnibox" role="dialog" aria-label="Go to" data-testid="omnibox">
        <input
          ref={input}
          className="omnibox-input"
          data-testid="omnibox-input"
          value={text}
          placeholder="Trace id, span id, service or text to search in logs…"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          aria-controls="omnibox-options"
          aria-activedescendant={options[active] ? `omnibox-${active}` : undefined}
        />
        <ul className="omnibox-options" id="omnibox-options" role="listbox" data-testid="omnibox-options" data-status={searching ? 'pending' : 'ready'}>
          {options.map((option, index) => (
            <li
              key={option.key}
              id={`omnibox-${index}`}
              role="option"
              aria-selected={index === active}
              className="omnibox-option"
              data-testid="omnibox-option"
              data-kind={option.kind}
              onPointerMove={() => setActive(index)}
              onClick={() => onGo(option.target)}
            >
              <span className={`kind-tag kind-${option.kind}`}>{option.kind}</span>
              <span className="omnibox-title">{option.title}</span>
              <span className="omnibox-detail muted">{option.detail}</span>
            </li>
          ))}
          {current && options.length === 0 && <li className="omnibox-empty muted">Nothing in the cache matches “{text.trim()}”.</li>}
          {text.trim() === '' && (
            <li className="omnibox-empty muted">Paste a trace id (hex of any length or case, base64), a span id, a service name, or words to find in logs.</li>
          )}
        </ul>
        <div className="omnibox-hint muted">↑↓ to choose · Enter to go · Esc to close</div>
      </div>
    </div>
  );
}
