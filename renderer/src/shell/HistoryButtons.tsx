import { useEffect } from 'react';
import { useWorkbenchState } from '../state/WorkbenchStateContext.js';

/**
 * Back and forward through pivots. Browsers have these already, Electron has no toolbar: the buttons and Alt+←/→
 * make them the same everywhere.
 */
export function HistoryButtons() {
  const { canGoBack, canGoForward, back, forward } = useWorkbenchState();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      // Stop the browser's own Alt+← so a step is not taken twice.
      event.preventDefault();
      if (event.key === 'ArrowLeft') back();
      else forward();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back, forward]);
  return (
    <span className="history-buttons">
      <button type="button" className="icon-button" data-testid="history-back" disabled={!canGoBack} onClick={back} title="Back (Alt+←)" aria-label="Back">
        ←
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="history-forward"
        disabled={!canGoForward}
        onClick={forward}
        title="Forward (Alt+→)"
        aria-label="Forward"
      >
        →
      </button>
    </span>
  );
}
