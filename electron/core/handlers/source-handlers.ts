import type { sourceCalls } from '../../../shared/contract/source-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import { canonicalId, IdError } from '../../../shared/ids.js';
import type { PullJob } from '../../../shared/source-pulls.js';
import { openConnector } from '../sources/connectors.js';
import { isSourceError } from '../sources/source-error.js';
import type { SourceStore, StoredSource } from '../sources/source-store.js';
import { testSource } from '../sources/test-source.js';
import { sourceBrowseHandlers } from './source-browse-handlers.js';
import type { HandlerContext } from './handler-context.js';

/** The live-source calls (shared/contract/source-calls.ts). */
export function sourceHandlers(ctx: HandlerContext): Handlers<typeof sourceCalls> {
  const { sources, pulls } = ctx;
  const job = (value: PullJob | null, id: string): PullJob => {
    if (value === null) throw new ApiError('not-found', `no pull job ${id}`);
    return value;
  };
  return {
    listSources: async () => ({ sources: await sources.list(), configFile: sources.path, secretsIn: sources.secrets.description }),
    saveSource: (input) => sources.save(input.config, input.secrets),
    removeSource: async (input) => ({ removed: await sources.remove(input.name) }),
    testSource: async (input) => {
      if ('name' in input) {
        const source = await named(sources, input.name);
        return testSource(source.config, await sources.secrets.get(source.config.name));
      }
      const stored = (await sources.secrets.get(input.config.name)) ?? {};
      return testSource(input.config, { ...stored, ...input.secrets });
    },
    sourceServices: (input) => browse(sources, input.name, (c, signal) => c.listServices({ signal })),
    sourceOperations: (input) => browse(sources, input.name, (c, signal) => c.listOperations(input.service, { signal })),
    ...sourceBrowseHandlers(ctx),
    pullTraces: (input) => pulls.start({ what: 'traces', source: input.source, query: input.query, refresh: input.refresh }),
    pullTrace: (input) => pulls.start({ what: 'trace', traceId: traceIdParam(input.traceId), source: input.source, refresh: input.refresh }),
    pullLogs: (input) => pulls.start({ what: 'logs', source: input.source, query: input.query, refresh: input.refresh }),
    pullDependencies: (input) => pulls.start({ what: 'dependencies', source: input.source, query: input.query, refresh: input.refresh }),
    pullJob: (input) => job(pulls.get(input.id), input.id),
    cancelPull: (input) => job(pulls.cancel(input.id), input.id),
  };
}

async function named(sources: SourceStore, name: string): Promise<StoredSource> {
  const source = await sources.get(name);
  if (source === null) throw new ApiError('not-found', `no source named "${name}"`);
  return source;
}

/** A quick browse request (services, operations): answered live, errors as the API's 'failed' with the source's message. */
async function browse<T>(
  sources: SourceStore,
  name: string,
  ask: (connector: ReturnType<typeof openConnector>['connector'], signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const source = await named(sources, name);
  const open = openConnector(source.config, await sources.secrets.get(name));
  try {
    return await ask(open.connector, new AbortController().signal);
  } catch (error) {
    if (isSourceError(error)) throw new ApiError('failed', error.message);
    throw error;
  } finally {
    open.close();
  }
}

function traceIdParam(raw: string): string {
  try {
    const id = canonicalId(raw, 'trace');
    if (id === null) throw new ApiError('invalid-input', `trace id "${raw}" is empty or all zeros`);
    return id;
  } catch (error) {
    if (error instanceof IdError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
}
