import { analysisCalls } from './contract/analysis-calls.js';
import { cacheCalls } from './contract/cache-calls.js';
import { casefileCalls } from './contract/casefile-calls.js';
import { compareCalls } from './contract/compare-calls.js';
import { fleetCalls } from './contract/fleet-calls.js';
import { graphCalls } from './contract/graph-calls.js';
import { logsCalls } from './contract/logs-calls.js';
import { navCalls } from './contract/nav-calls.js';
import { traceCalls } from './contract/trace-calls.js';
import { receiverCalls } from './contract/receiver-calls.js';
import { sourceCalls } from './contract/source-calls.js';
import { sloCalls } from './contract/slo-calls.js';

/**
 * The one API table. Each area keeps its calls in shared/contract/<area>-calls.ts; add a call there and every
 * transport, the preload and the renderer client have it. Inputs are validated on the receiving side; results are
 * typed by `returns`.
 */
export const api = {
  ...analysisCalls,
  ...cacheCalls,
  ...compareCalls,
  ...fleetCalls,
  ...graphCalls,
  ...logsCalls,
  ...navCalls,
  ...traceCalls,
  ...receiverCalls,
  ...sourceCalls,
  ...sloCalls,
  ...casefileCalls,
};

export type Api = typeof api;
