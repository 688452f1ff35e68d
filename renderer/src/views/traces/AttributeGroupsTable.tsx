import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/ApiClientContext.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { ServiceTag } from '../../components/ServiceColors.js';
import { formatCount } from '../../lib/format-count.js';
import { formatDuration } from '../../lib/format-duration.js';
import type { TimeWindow } from '../../lib/time-range.js';
import { attributeGroupsQuery } from '../../queries/nav.js';
import './group-table.css';

interface AttributeGroupsTableProps {
  groupBy: string;
  service: string | undefined;
  window: TimeWindow;
  onOpenGroup: (value: string) => void;
}

const nsText = (ns: number) => formatDuration(BigInt(Math.round(ns)));

/**
 * Traces grouped by an attribute's values, each with its trace count, error traces and latency: a canary, a bad
 * host or one customer's slow requests stand out as one row. A bar shows each p95 on a scale from 0 to the slowest
 * group's. Across all services each service's values are rows of their own, with a Service column.
 */
export function AttributeGroupsTable({ groupBy, service, window, onOpenGroup }: AttributeGroupsTableProps) {
  const groups = useQuery(attributeGroupsQuery(useApiClient(), groupBy, service, window));
  if (groups.isPending) return <LoadingState label={`Grouping traces by ${groupBy}…`} />;
  if (groups.isError) return <ErrorState title={`Could not group traces by ${groupBy}`} error={groups.error} />;
  const page = groups.data;
  if (page.groups.length === 0) {
    return <EmptyState title={`No span${service ? ` of ${service}` : ''} has ${groupBy}`}>Try another key, or widen the time range.</EmptyState>;
  }
  const maxP95 = Math.max(...page.groups.map((g) => g.p95Ns), 1);
  const acrossServices = page.service === null;
  return (
    <div className="table-scroll" data-testid="attribute-groups" data-key={groupBy}>
      <table className="data-table group-table">
        <thead>
          <tr>
            {acrossServices && <th className="fit">Service</th>}
            <th>{groupBy}</th>
            <th className="numeric fit">Traces</th>
            <th className="numeric fit">With errors</th>
            <th className="numeric fit">Spans</th>
            <th className="numeric fit">p50</th>
            <th className="numeric fit">p95</th>
            <th className="numeric fit">p99</th>
            <th className="bar-column">
              p95 compared
              <BarScale maxNs={maxP95} />
            </th>
          </tr>
        </thead>
        <tbody>
          {page.groups.map((group) => (
            <tr
              key={`${group.service} ${group.value}`}
              className="clickable"
              data-testid="attribute-group"
              data-value={group.value}
              data-service={group.service}
              data-p95-ns={group.p95Ns}
              data-traces={group.traceCount}
              tabIndex={0}
              onClick={() => onOpenGroup(group.value)}
              onKeyDown={(event) => event.key === 'Enter' && onOpenGroup(group.value)}
            >
              {acrossServices && (
                <td>
                  <ServiceTag name={group.service} />
                </td>
              )}
              <td className="group-value">{group.value}</td>
              <td className="numeric">{formatCount(group.traceCount)}</td>
              <td className="numeric">
                {group.errorTraceCount > 0 ? <span className="badge badge-error">{formatCount(group.errorTraceCount)}</span> : <span className="muted">–</span>}
              </td>
              <td className="numeric muted">{formatCount(group.spanCount)}</td>
              <td className="numeric">{nsText(group.p50Ns)}</td>
              <td className="numeric">{nsText(group.p95Ns)}</td>
              <td className="numeric">{nsText(group.p99Ns)}</td>
              <td className="bar-column">
                <span className="group-bar-track">
                  <span className="group-bar" style={{ width: `${(100 * group.p95Ns) / maxP95}%` }} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="table-footnote muted">
        {page.valueCount > page.groups.length && `Showing ${formatCount(page.groups.length)} of ${formatCount(page.valueCount)} values (most traces first). `}
        {page.spansWithoutValue > 0 && `${formatCount(page.spansWithoutValue)} spans${service ? ` of ${service}` : ''} have no ${groupBy}.`}
      </p>
    </div>
  );
}

/** The bars' scale: 0, half and all of the slowest group's p95, with gridlines at the same places in every row. */
function BarScale({ maxNs }: { maxNs: number }) {
  return (
    <span className="group-bar-scale" data-testid="group-bar-scale">
      <span>0</span>
      <span>{nsText(maxNs / 2)}</span>
      <span>{nsText(maxNs)}</span>
    </span>
  );
}
