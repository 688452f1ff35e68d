import type { TraceSummary } from '../../../shared/api-types.js';
import { int, ns } from './rows.js';

/** A `traces` row (read with safeIntegers) as the contract's summary. */
export function toTraceSummary(row: Record<string, unknown>): TraceSummary {
  return {
    traceId: row.trace_id as string,
    rootService: row.root_service as string | null,
    rootName: row.root_name as string | null,
    startNs: ns(row.start_ns),
    durationNs: ((row.end_ns as bigint) - (row.start_ns as bigint)).toString(),
    spanCount: int(row.span_count),
    errorCount: int(row.error_count),
  };
}
