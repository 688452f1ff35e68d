import { z } from 'zod';
import { call } from '../contract-kit.js';
import { dependencyQuery, logQuery, traceQuery, type PullJob, type SourceInfo, type SourceTestResult } from '../source-pulls.js';
import { sourceConfig, sourceName, sourceSecrets } from '../sources.js';
import { browseWindow } from '../source-pulls.js';
import type { BrowsedTag, BrowsedValue } from '../query-fragments.js';

/** A tag or label to search on; `scope` is Tempo v2's (resource, span, intrinsic…), null where the source has none. */
export type SourceTag = BrowsedTag;
/** A value of a tag; `type` is Tempo v2's, null where the source does not type values (it is then a string). */
export type SourceTagValue = BrowsedValue;

export interface SourceList {
  sources: SourceInfo[];
  /** The config file, the source of truth for source configs. */
  configFile: string;
  /** Where secrets are kept ("OS keychain (Electron safeStorage)", or the 0600 file). */
  secretsIn: string;
}

const jobId = z.object({ id: z.string().min(1).max(64) });

/**
 * Live sources (Jaeger, Tempo, Zipkin, Loki, Elasticsearch/OpenSearch): configure, test, browse, and pull through
 * the cache. Pulls start a job and return at once; poll `pullJob` for progress and the answer.
 */
export const sourceCalls = {
  listSources: call(z.object({})).returns<SourceList>(),

  /** Adds or replaces a source by name. Secrets are merged over the stored ones and kept only in the secret store. */
  saveSource: call(z.object({ config: sourceConfig, secrets: sourceSecrets.optional() })).returns<SourceInfo>(),

  removeSource: call(z.object({ name: sourceName })).returns<{ removed: boolean }>(),

  /** A saved source by name, or a config being edited (its stored secrets are used unless others are given). */
  testSource: call(
    z.union([z.object({ name: sourceName }), z.object({ config: sourceConfig, secrets: sourceSecrets.optional() })]),
  ).returns<SourceTestResult>(),

  sourceServices: call(z.object({ name: sourceName })).returns<string[]>(),

  sourceOperations: call(z.object({ name: sourceName, service: z.string().min(1).max(1024) })).returns<string[]>(),

  /**
   * Browsing for the search forms' tag picker: Tempo's tags (with their scope from Tempo v2) or Loki's labels seen in
   * the window (default: the last hour). Asked live, never cached; other kinds fail naming the source.
   */
  sourceTags: call(z.object({ name: sourceName, window: browseWindow.optional() })).returns<SourceTag[]>(),

  /** The values of one tag as sourceTags listed it (Tempo v2 types them: 'string', 'int', 'keyword'…). */
  sourceTagValues: call(
    z.object({ name: sourceName, tag: z.string().min(1).max(1024), scope: z.string().regex(/^[a-z]{1,32}$/).nullable().default(null), window: browseWindow.optional() }),
  ).returns<SourceTagValue[]>(),

  pullTraces: call(z.object({ source: sourceName, query: traceQuery, refresh: z.boolean().default(false) })).returns<PullJob>(),

  /** One trace, from `source` or from whichever configured trace source has it (in order; first hit wins). */
  pullTrace: call(
    z.object({ traceId: z.string().min(1).max(128), source: sourceName.optional(), refresh: z.boolean().default(false) }),
  ).returns<PullJob>(),

  pullLogs: call(z.object({ source: sourceName, query: logQuery, refresh: z.boolean().default(false) })).returns<PullJob>(),

  /**
   * The service dependencies a Jaeger or Zipkin source computed over the window (the whole topology without pulling
   * traces); the service graph draws them beside the edges of cached spans. Other kinds fail with a 'config' error.
   */
  pullDependencies: call(z.object({ source: sourceName, query: dependencyQuery.default({}), refresh: z.boolean().default(false) })).returns<PullJob>(),

  pullJob: call(jobId).returns<PullJob>(),

  cancelPull: call(jobId).returns<PullJob>(),
};
