import type { HighlightRange } from '../../../../shared/views/text-highlight.js';
import { splitByRanges } from '../../../../shared/views/text-highlight.js';

interface HighlightedTextProps {
  text: string;
  /** Match ranges relative to `text`. */
  ranges: readonly HighlightRange[];
}

/** Text with the search matches wrapped in <mark>: React elements over plain strings, never markup from the data. */
export function HighlightedText({ text, ranges }: HighlightedTextProps) {
  if (ranges.length === 0) return <>{text}</>;
  return (
    <>
      {splitByRanges(text, ranges).map((segment, i) =>
        segment.marked ? (
          <mark key={i} className="search-match" data-testid="search-match">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** Ranges of a whole body shifted to a slice of it, [start, end). */
export function rangesWithin(ranges: readonly HighlightRange[], start: number, end: number): HighlightRange[] {
  return ranges.filter(([a, b]) => b > start && a < end).map(([a, b]): HighlightRange => [a - start, b - start]);
}
