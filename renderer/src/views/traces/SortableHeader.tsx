import type { TraceListSort } from '../../../../shared/view-state.js';

export interface ListOrder {
  sort: TraceListSort;
  ascending: boolean;
}

interface SortableHeaderProps {
  label: string;
  sort: TraceListSort;
  order: ListOrder;
  onSort: (order: ListOrder) => void;
  className?: string;
}

/**
 * A column header that orders the list by its column: a first click sorts largest (or newest) first, a second click
 * on the same column flips the direction.
 */
export function SortableHeader({ label, sort, order, onSort, className }: SortableHeaderProps) {
  const active = order.sort === sort;
  const ariaSort = active ? (order.ascending ? 'ascending' : 'descending') : 'none';
  return (
    <th className={`${className ?? ''} sortable${active ? ' sorted' : ''}`} aria-sort={ariaSort}>
      <button
        type="button"
        className="sort-button"
        data-testid="sort-header"
        data-sort={sort}
        title={active ? 'Reverse the order' : `Sort by ${label.toLowerCase()}, largest first`}
        onClick={() => onSort({ sort, ascending: active ? !order.ascending : false })}
      >
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (order.ascending ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
