import { formatCount } from '../../lib/format-count.js';

interface ListPagerProps {
  offset: number;
  shown: number;
  total: number;
  /** The total is a lower bound ("10,000+"). */
  capped?: boolean;
  pageSize: number;
  /** What the list is of, for the label: "traces", "traces through frontend → ads". */
  what: string;
  /** Said after the total when filters hide part of a bigger set, e.g. "221 through the edge". */
  of?: string;
  onOffset: (offset: number) => void;
}

/** "1–200 of 329 traces" and the buttons to the previous and next page: a list never stops silently. */
export function ListPager({ offset, shown, total, capped = false, pageSize, what, of, onOffset }: ListPagerProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = offset + shown;
  return (
    <div className="list-pager" data-testid="list-pager" data-total={total} data-offset={offset}>
      <span data-testid="list-count">
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
        {capped ? '+' : ''} {what}
        {of && <span className="muted"> ({of})</span>}
      </span>
      {total > pageSize && (
        <span className="pager-buttons">
          <button type="button" className="button" data-testid="page-previous" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
            ‹ Previous
          </button>
          <button type="button" className="button" data-testid="page-next" disabled={(last >= total && !capped) || shown < pageSize} onClick={() => onOffset(offset + pageSize)}>
            Next ›
          </button>
        </span>
      )}
    </div>
  );
}
