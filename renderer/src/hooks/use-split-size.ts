import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { clampSize, readStoredSize, saveStoredSize } from '../lib/stored-size.js';

interface SplitSize<T extends HTMLElement> {
  /** The container both panes live in: its height bounds the lower pane. */
  container: RefObject<T | null>;
  size: number;
  min: number;
  max: number;
  setSize: (size: number) => void;
  commit: (size: number) => void;
}

/**
 * The lower pane's height in a split, remembered under `storageKey`. The upper pane keeps at least `keepAbove` px,
 * recomputed as the container resizes.
 */
export function useSplitSize<T extends HTMLElement>(storageKey: string, fallback: number, min: number, keepAbove: number): SplitSize<T> {
  const container = useRef<T>(null);
  const [max, setMax] = useState(Number.POSITIVE_INFINITY);
  const [size, setSize] = useState(() => readStoredSize(storageKey, fallback, min, Number.POSITIVE_INFINITY));

  useEffect(() => {
    const element = container.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setMax(element.clientHeight - keepAbove));
    observer.observe(element);
    return () => observer.disconnect();
  }, [keepAbove]);

  const commit = useCallback((value: number) => saveStoredSize(storageKey, value), [storageKey]);
  return { container, size: clampSize(size, min, max), min, max, setSize, commit };
}
