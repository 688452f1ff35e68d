import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Open/closed state for a popover that closes on a pointer press outside it or on Escape. Listeners exist only while
 * it is open.
 */
export function useDismissable<T extends HTMLElement>(): { open: boolean; setOpen: (open: boolean) => void; root: RefObject<T | null> } {
  const [open, setOpen] = useState(false);
  const root = useRef<T>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return { open, setOpen, root };
}
