/**
 * String literals in the query languages Casefile writes: TraceQL, LogQL and logfmt all read Go's double-quoted
 * strings (strconv.Unquote), so a value with quotes, backslashes or newlines must be escaped the Go way.
 */
export function goQuote(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  return `"${escaped}"`;
}

/** logfmt as go-logfmt decodes it (Tempo's `tags`): every value double-quoted, with Go string escapes. */
export function logfmt(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([key, value]) => `${key}=${goQuote(value)}`).join(' ');
}
