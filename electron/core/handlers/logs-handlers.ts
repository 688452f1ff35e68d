import type { logsCalls } from '../../../shared/contract/logs-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import { canonicalId, IdError } from '../../../shared/ids.js';
import { correlatedLogs } from '../queries/correlated-logs.js';
import type { LogFilter } from '../queries/log-scope.js';
import { logHistogram } from '../queries/log-histogram.js';
import { serviceCharts } from '../queries/service-charts.js';

import type { HandlerContext } from './handler-context.js';

/** Ids typed by a person may be in any accepted form (short hex, upper case, base64); queries use the canonical one. */
function canonical(raw: string | undefined, kind: 'trace' | 'span'): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const id = canonicalId(raw, kind);
    if (id === null) throw new ApiError('invalid-input', `${kind}Id "${raw}" is empty or all zeros`);
    return id;
  } catch (error) {
    if (error instanceof IdError) throw new ApiError('invalid-input', `${kind}Id: ${error.message}`);
    throw error;
  }
}

function logFilter<F extends LogFilter>(input: F): F {
  return { ...input, traceId: canonical(input.traceId, 'trace'), spanId: canonical(input.spanId, 'span') };
}

/** The logs and charts views' calls (shared/contract/logs-calls.ts). */
export function logsHandlers(ctx: HandlerContext): Handlers<typeof logsCalls> {
  const { db } = ctx;
  return {
    correlatedLogs: (input) => correlatedLogs(db, logFilter(input)),
    logHistogram: (input) => logHistogram(db, logFilter(input), input.maxBuckets),
    serviceCharts: (input) => serviceCharts(db, input),
  };
}
