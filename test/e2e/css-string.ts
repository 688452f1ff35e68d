/** Escapes a value for use inside a double-quoted CSS attribute selector (shared by the page objects). */
export function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
