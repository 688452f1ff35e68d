/** Pure helpers for the log list: which rows to draw, and the one line of a body a row shows. */

export interface RowRange {
  /** First and last row index to render (inclusive); last < first when there is nothing to draw. */
  first: number;
  last: number;
}

/**
 * The rows that intersect the viewport, plus `overscan` rows either side so a fast scroll does not show blanks
 * before React catches up.
 */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 10): RowRange {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}

/** Whether to fetch the next page: the drawn rows come within `margin` rows of the end of what is loaded. */
export function nearEnd(range: RowRange, loadedCount: number, margin = 40): boolean {
  return range.last >= loadedCount - margin;
}

export interface FirstLine {
  /** [start, end) of the first non-blank line, as offsets into the body (so match ranges still apply). */
  start: number;
  end: number;
  /** Non-blank lines after it (a stack trace's frames). */
  moreLines: number;
}

export function firstLine(body: string): FirstLine {
  let found: { start: number; end: number } | null = null;
  let more = 0;
  // Each line's true offset in the body: separators are one or two characters (\n, \r\n, \r).
  for (const match of body.matchAll(/[^\r\n]*/g)) {
    if (match[0].trim() === '') continue;
    if (found === null) found = { start: match.index, end: match.index + match[0].length };
    else more++;
  }
  return found === null ? { start: 0, end: 0, moreLines: 0 } : { ...found, moreLines: more };
}
