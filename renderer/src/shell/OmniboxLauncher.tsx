import { useEffect, useState } from 'react';
import type { ViewState } from '../../../shared/view-state.js';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';
import { Omnibox } from './Omnibox.js';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The header's "Go to…" field look-alike, and the Ctrl/Cmd+K shortcut that opens the omnibox from anywhere. */
export function OmniboxLauncher() {
  const { navigate } = useWorkbenchState();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const go = (view: ViewState) => {
    setOpen(false);
    navigate({ view });
  };
  return (
    <>
      <button type="button" className="omnibox-trigger" data-testid="omnibox-trigger" onClick={() => setOpen(true)}>
        <span aria-hidden="true">⌕</span> Go to trace, span, service, logs…
        <kbd>{IS_MAC ? '⌘K' : 'Ctrl+K'}</kbd>
      </button>
      {open && <Omnibox onGo={go} onClose={() => setOpen(false)} />}
    </>
  );
}
