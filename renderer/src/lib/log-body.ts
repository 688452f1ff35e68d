/** Splits a log body for collapsed display: the first non-empty line, and whether anything follows it. */
export function summariseBody(body: string): { firstLine: string; hasMore: boolean } {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return { firstLine: '', hasMore: false };
  const hasMore = lines.slice(firstIndex + 1).some((line) => line.trim() !== '');
  return { firstLine: lines[firstIndex]!, hasMore };
}
