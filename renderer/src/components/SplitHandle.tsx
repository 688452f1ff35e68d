import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitHandleProps {
  /** The size of the pane below the handle, px. */
  size: number;
  min: number;
  max: number;
  label: string;
  onResize: (size: number) => void;
  /** Called once a drag or key press ends: the moment to remember the size. */
  onCommit: (size: number) => void;
}

const KEY_STEP = 24;

/**
 * A horizontal splitter between two stacked panes: drag it, or focus it and use ↑/↓ (Home/End for the extremes).
 * It sizes the pane below it, so growing the window gives the space to the pane above.
 */
export function SplitHandle({ size, min, max, label, onResize, onCommit }: SplitHandleProps) {
  const clamp = (value: number) => Math.min(Math.max(value, min), Math.max(min, max));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startY = event.clientY;
    const startSize = size;
    let latest = size;
    const move = (e: globalThis.PointerEvent) => {
      latest = clamp(startSize - (e.clientY - startY));
      onResize(latest);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      onCommit(latest);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next =
      event.key === 'ArrowUp' ? size + KEY_STEP : event.key === 'ArrowDown' ? size - KEY_STEP : event.key === 'Home' ? max : event.key === 'End' ? min : null;
    if (next === null) return;
    event.preventDefault();
    const value = clamp(next);
    onResize(value);
    onCommit(value);
  };

  return (
    <div
      className="split-handle"
      data-testid="split-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(Math.max(min, max))}
      aria-valuenow={Math.round(size)}
      tabIndex={0}
      title={`${label}: drag, or ↑/↓`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
