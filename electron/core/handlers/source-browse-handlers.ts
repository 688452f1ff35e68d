import type { sourceCalls } from '../../../shared/contract/source-calls.js';
import { ApiError, type Handlers } from '../../../shared/contract-kit.js';
import type { BrowseWindow } from '../../../shared/source-pulls.js';
import type { SourceKind } from '../../../shared/sources.js';
import type { BrowseOptions, SourceConnector } from '../sources/connector.js';
import { openConnector } from '../sources/connectors.js';
import { resolveWindow } from '../sources/pull.js';
import { isSourceError } from '../sources/source-error.js';
import type { SourceStore } from '../sources/source-store.js';
import type { HandlerContext } from './handler-context.js';

type BrowseCalls = Pick<typeof sourceCalls, 'sourceTags' | 'sourceTagValues'>;

const KIND_NAMES: Record<SourceKind, string> = { jaeger: 'Jaeger', tempo: 'Tempo', zipkin: 'Zipkin', loki: 'Loki', elasticsearch: 'Elasticsearch', opensearch: 'OpenSearch', prometheus: 'Prometheus' };

/**
 * The tag picker's calls: asked of the source live (a search form is being written; nothing is cached or put in the
 * ledger). A source that cannot answer — offline, refusing, the wrong product — fails with its SourceError's message,
 * which names the source and the request.
 */
export function sourceBrowseHandlers(ctx: HandlerContext): Handlers<BrowseCalls> {
  const { sources } = ctx;
  return {
    sourceTags: (input) => browse(sources, input.name, input.window, 'listTags', (c, options) => c.listTags!(options)),
    sourceTagValues: (input) => browse(sources, input.name, input.window, 'listTagValues', (c, options) => c.listTagValues!({ name: input.tag, scope: input.scope }, options)),
  };
}

async function browse<T>(
  sources: SourceStore,
  name: string,
  window: BrowseWindow | undefined,
  method: 'listTags' | 'listTagValues',
  ask: (connector: SourceConnector, options: BrowseOptions) => Promise<T>,
): Promise<T> {
  const source = await sources.get(name);
  if (source === null) throw new ApiError('not-found', `no source named "${name}"`);
  const open = openConnector(source.config, await sources.secrets.get(name));
  try {
    if (open.connector[method] === undefined) {
      throw new ApiError('invalid-input', `the source "${name}" is a ${KIND_NAMES[source.config.kind]} source: tags can be browsed only on Tempo and Loki sources`);
    }
    return await ask(open.connector, { signal: new AbortController().signal, window: resolveWindow(window ?? {}) });
  } catch (error) {
    if (isSourceError(error)) throw new ApiError('failed', error.message);
    throw error;
  } finally {
    open.close();
  }
}
