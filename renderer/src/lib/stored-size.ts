/** A pane size remembered across sessions (localStorage), clamped so a stale value never hides a pane. */
export function readStoredSize(key: string, fallback: number, min: number, max: number): number {
  let saved: number | null = null;
  try {
    const text = localStorage.getItem(key);
    saved = text === null ? null : Number(text);
  } catch {
    // Storage can be disabled (a locked-down profile): the default size is fine.
  }
  return clampSize(saved !== null && Number.isFinite(saved) ? saved : fallback, min, max);
}

export function saveStoredSize(key: string, size: number): void {
  try {
    localStorage.setItem(key, String(Math.round(size)));
  } catch {
    // Not remembered this time; the split still works.
  }
}

export function clampSize(size: number, min: number, max: number): number {
  return Math.min(Math.max(size, min), Math.max(min, max));
}
