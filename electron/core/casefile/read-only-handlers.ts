import type { Api } from '../../../shared/contract.js';
import { ApiError } from '../../../shared/contract-kit.js';
import type { ViewHandlers } from './view-handlers.js';
import { asCasefileError } from './open-casefile.js';

/** Calls that would write: refused on a casefile, which is offline evidence opened read-only. */
const WRITING_CALLS = [
  'importFiles',
  'setReceiver',
  'saveSource',
  'removeSource',
  'testSource',
  'sourceServices',
  'sourceOperations',
  'sourceTags',
  'sourceTagValues',
  'pullTraces',
  'pullTrace',
  'pullLogs',
  'pullDependencies',
  'pullAggregates',
  'exemplarQuestions',
  'saveSlo',
  'removeSlo',
] as const satisfies readonly (keyof Api)[];

/**
 * Calls that never read the logs' full-text index: they answer at once on a casefile whose indexes are still being
 * built (opened-casefile.ts). Every other call waits for them, so one that searches text never misses a line; a call
 * added later is right by default and can be listed here once it is known not to search.
 */
const ANSWER_BEFORE_INDEXED = new Set<string>([
  'appInfo',
  'listServices',
  'searchTraces',
  'listTraces',
  'incidentMarks',
  'getTrace',
  'serviceGraph',
  'listLoads',
  'importJob',
  'traceLayout',
  'traceRows',
  'spanDetail',
  'spanLinks',
  'serviceOperations',
  'edgeTraces',
  'tracesByAttribute',
  'attributeKeys',
  'groupTracesByAttribute',
  'serviceCharts',
  'diffTraces',
  'flows',
  'canary',
  'serviceCanary',
  'listSlos',
  'sloStatus',
  'receiverStatus',
  'pullJob',
] satisfies (keyof Api)[]);

/**
 * Calls that read the full-text index only when asked for text. Without text they wait for the lookup indexes
 * only: scanning a million log lines for a page would hold the API thread for a second, while the indexes build
 * on a thread of their own.
 */
const TEXT_WHEN_ASKED = new Set<string>(['correlatedLogs', 'logHistogram', 'searchLogs'] satisfies (keyof Api)[]);

/** What an opened casefile's calls may wait for (opened-casefile.ts). */
export interface IndexesReady {
  lookups: Promise<void>;
  indexed: Promise<void>;
}

const READY: IndexesReady = { lookups: Promise.resolve(), indexed: Promise.resolve() };

function waitFor(name: string, input: unknown, ready: IndexesReady): Promise<void> | null {
  if (ANSWER_BEFORE_INDEXED.has(name)) return null;
  // If the lookup indexes cannot be built, a page is still read (by a scan).
  if (TEXT_WHEN_ASKED.has(name) && (input as { text?: string } | undefined)?.text === undefined) return ready.lookups.catch(() => undefined);
  return ready.indexed;
}

/**
 * The handlers over a casefile: every read answers from the file alone; calls that would write to it or reach a
 * live source are refused with the reason; SQLite's word for a damaged file comes back naming the file. Calls that
 * may search log text first wait for the indexes (`ready`).
 */
export function readOnlyHandlers(handlers: ViewHandlers, file: string, ready: IndexesReady = READY): ViewHandlers {
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      async (input: never) => {
        try {
          const waiting = waitFor(name, input, ready);
          if (waiting !== null) await waiting;
          return await (handler as (input: never) => unknown)(input);
        } catch (error) {
          if (error instanceof ApiError) throw error;
          throw new ApiError('failed', asCasefileError(file, error).message);
        }
      },
    ]),
  ) as unknown as ViewHandlers;
  for (const name of WRITING_CALLS) {
    (wrapped as Record<string, unknown>)[name] = async () => {
      throw new ApiError('forbidden', `${file} is a casefile, opened read-only as offline evidence: ${name} needs a cache and live sources`);
    };
  }
  wrapped.listSources = async () => ({ sources: [], configFile: file, secretsIn: 'nowhere: a casefile keeps no secrets' });
  return wrapped;
}
