import { useEffect } from 'react';

/** The header's Investigate toggle, and the `i` key that opens it from anywhere but a text field. */
export function InvestigateButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey || event.key !== 'i') return;
      event.preventDefault();
      onToggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onToggle]);
  return (
    <button type="button" className="investigate-trigger" data-testid="investigate-trigger" aria-pressed={open} onClick={onToggle} title="Rank root-cause suspects (i)">
      Investigate <kbd>i</kbd>
    </button>
  );
}
