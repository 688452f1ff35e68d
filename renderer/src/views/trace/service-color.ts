/**
 * A stable colour per service: the same service has the same colour in every trace and on every run, so a reader
 * learns "orange is payment". Hashing the name (FNV-1a) into a fixed palette needs no shared state.
 */
const PALETTE = [
  '#5b9cf5', '#f2a33a', '#56b881', '#c774e8', '#e8655a', '#3cbcc4', '#d9c94a', '#8f8ff0',
  '#e68ac2', '#7fbf3f', '#f07e3e', '#4f9fd9', '#b59a7a', '#9ad0f5', '#e0b0ff', '#7bd4b0',
] as const;

export function serviceColor(service: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) {
    hash ^= service.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length]!;
}
