import type { KeyboardEvent } from 'react';
import type { TraceLayout, WaterfallRow } from '../../../../shared/trace/waterfall-types.js';

interface KeyContext {
  layout: TraceLayout | undefined;
  selectedRow: number | null;
  fetchRow: (row: number) => Promise<WaterfallRow | undefined>;
  goToRow: (row: number) => Promise<void>;
  toggle: (row: WaterfallRow) => void;
  openDetail: () => void;
}

/**
 * Keyboard moves over the rows: ↑/↓ select, ← collapses (or goes to the parent), → expands (or goes to the first
 * child), `e` the next error span, `p` the parent, Enter the details.
 */
export function useWaterfallKeys(context: KeyContext): (event: KeyboardEvent<HTMLDivElement>) => void {
  return (event) => {
    const { layout, selectedRow, fetchRow, goToRow, toggle, openDetail } = context;
    if (layout === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = selectedRow ?? -1;
    const act = (work: () => Promise<unknown> | void) => {
      event.preventDefault();
      void work();
    };
    switch (event.key) {
      case 'ArrowDown':
        return act(() => goToRow(Math.min(layout.rowCount - 1, current + 1)));
      case 'ArrowUp':
        return act(() => goToRow(Math.max(0, current - 1)));
      case 'ArrowLeft':
        return act(async () => {
          const row = await fetchRow(current);
          if (row === undefined) return;
          if (row.hasChildren && !row.collapsed) toggle(row);
          else if (row.parentRow >= 0) await goToRow(row.parentRow);
        });
      case 'ArrowRight':
        return act(async () => {
          const row = await fetchRow(current);
          if (row === undefined || !row.hasChildren) return;
          if (row.collapsed) toggle(row);
          else await goToRow(current + 1);
        });
      case 'e': {
        const errors = layout.errorRows;
        if (errors.length === 0) return;
        return act(() => goToRow(errors.find((r) => r > current) ?? errors[0]!));
      }
      case 'p':
        return act(async () => {
          const row = await fetchRow(current);
          if (row !== undefined && row.parentRow >= 0) await goToRow(row.parentRow);
        });
      case 'Enter':
        if (current >= 0) act(openDetail);
        return;
      default:
        return;
    }
  };
}
