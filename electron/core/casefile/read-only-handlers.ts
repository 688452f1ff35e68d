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
 * The handlers over a casefile: every read answers from the file alone; calls that would write to it or reach a
 * live source are refused with the reason; SQLite's word for a damaged file comes back naming the file.
 */
export function readOnlyHandlers(handlers: ViewHandlers, file: string): ViewHandlers {
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      async (input: never) => {
        try {
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
