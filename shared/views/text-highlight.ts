/**
 * Where a full-text search matched inside a log body, as [start, end) UTF-16 offsets the UI wraps in <mark> —
 * never markup built from the body. Tokens follow SQLite FTS5's unicode61 tokenizer (letters, numbers and marks
 * form words; case and diacritics are folded), so what is highlighted is what the index matched.
 */
export type HighlightRange = [start: number, end: number];

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** unicode61's folding: lower case, diacritics removed. */
export function foldToken(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of what a user typed (the search matches logs containing all of them). */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const folded = foldToken(match[0]);
    if (folded !== '') tokens.add(folded);
  }
  return [...tokens];
}

/** Ranges of the body's words that equal a search token, in order; at most `maxRanges` (huge bodies). */
export function highlightRanges(body: string, tokens: readonly string[], maxRanges = 200): HighlightRange[] {
  if (tokens.length === 0) return [];
  const wanted = new Set(tokens);
  const ranges: HighlightRange[] = [];
  for (const match of body.matchAll(TOKEN)) {
    if (!wanted.has(foldToken(match[0]))) continue;
    ranges.push([match.index, match.index + match[0].length]);
    if (ranges.length >= maxRanges) break;
  }
  return ranges;
}

export interface TextSegment {
  text: string;
  marked: boolean;
}

/**
 * Splits text into plain and marked segments. Ranges may arrive unsorted, overlapping or past the end (the text
 * shown can be a cut of the body the ranges were computed on); they are clipped and merged.
 */
export function splitByRanges(text: string, ranges: readonly HighlightRange[]): TextSegment[] {
  const clipped = ranges
    .map(([start, end]): HighlightRange => [Math.max(0, start), Math.min(text.length, end)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const segments: TextSegment[] = [];
  let at = 0;
  for (const [start, end] of clipped) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: text.slice(at, from), marked: false });
    const last = segments[segments.length - 1];
    if (last?.marked && from === at) last.text += text.slice(from, end);
    else segments.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
}
