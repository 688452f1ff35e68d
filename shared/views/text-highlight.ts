import { stemmer } from 'stemmer';

/**
 * Where a full-text search matched inside a log body, as [start, end) UTF-16 offsets the UI wraps in <mark> —
 * never markup built from the body. Tokens follow the index's tokenizer, SQLite FTS5's "porter unicode61" (letters,
 * numbers and marks form words; case and diacritics are folded; words are compared by their Porter stem), so what
 * is highlighted is what the index matched: "sleep" marks "sleeping", "sleep*" marks "sleepy".
 */
export type HighlightRange = [start: number, end: number];

const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** unicode61's folding: lower case, diacritics removed. */
export function foldToken(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of what a user typed (the search matches logs containing all of them); "word*" asks for a prefix. */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const match of text.matchAll(WORD_OR_PREFIX)) {
    const folded = foldToken(match[1]!);
    if (folded !== '') tokens.add(`${folded}${match[2]}`);
  }
  return [...tokens];
}

const WORD_OR_PREFIX = /([\p{L}\p{N}\p{M}\p{Co}]+)(\*?)/gu;

/** Ranges of the body's words that a search token matches, in order; at most `maxRanges` (huge bodies). */
export function highlightRanges(body: string, tokens: readonly string[], maxRanges = 200): HighlightRange[] {
  if (tokens.length === 0) return [];
  const stems = new Set(tokens.filter((t) => !t.endsWith('*')).map((t) => stemmer(t)));
  const prefixes = tokens.filter((t) => t.endsWith('*')).map((t) => t.slice(0, -1));
  const ranges: HighlightRange[] = [];
  for (const match of body.matchAll(TOKEN)) {
    const folded = foldToken(match[0]);
    const stem = stemmer(folded);
    if (!stems.has(stem) && !prefixes.some((p) => folded.startsWith(p) || stem.startsWith(p))) continue;
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
