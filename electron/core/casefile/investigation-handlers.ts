import type { Api } from '../../../shared/contract.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import { casefileHandlers, type CasefileHandlerOptions } from './casefile-handlers.js';
import type { Investigation } from './investigation.js';
import type { ViewHandlers } from './view-handlers.js';

/**
 * The whole API over an investigation: each view call goes to whatever the evidence is at the moment of the call
 * (the cache, or the casefile opened since), and imports and pulls are recorded as steps with the question asked —
 * source name, kind and query, never a credential (secrets never reach these inputs: they live in the secret store).
 */
export function investigationHandlers(
  investigation: Investigation,
  options: CasefileHandlerOptions & { sourceKind(name: string): Promise<string | null> },
): Handlers<Api> {
  const names = Object.keys(investigation.viewHandlers()) as (keyof ViewHandlers)[];
  const delegated = Object.fromEntries(
    names.map((name) => [name, (input: never) => (investigation.viewHandlers()[name] as (input: never) => unknown)(input)]),
  ) as unknown as ViewHandlers;
  const recordPull = async (what: string, source: string | undefined, query: unknown) => {
    const kind = source === undefined ? null : await options.sourceKind(source);
    await investigation.recordStep({ kind: 'pull', detail: { what, source: source ?? 'any', sourceKind: kind ?? '', query: JSON.stringify(query ?? {}) } });
  };
  return {
    ...delegated,
    importFiles: async (input) => {
      const jobs = await delegated.importFiles(input);
      await investigation.recordStep({ kind: 'import', detail: { files: input.paths.map((p) => p.split(/[\\/]/).pop() ?? p).join(', ') } });
      return jobs;
    },
    pullTraces: async (input) => {
      const job = await delegated.pullTraces(input);
      await recordPull('traces', input.source, input.query);
      return job;
    },
    pullTrace: async (input) => {
      const job = await delegated.pullTrace(input);
      await recordPull('trace', input.source, { traceId: input.traceId });
      return job;
    },
    pullLogs: async (input) => {
      const job = await delegated.pullLogs(input);
      await recordPull('logs', input.source, input.query);
      return job;
    },
    pullDependencies: async (input) => {
      const job = await delegated.pullDependencies(input);
      await recordPull('dependencies', input.source, input.query);
      return job;
    },
    pullAggregates: async (input) => {
      const job = await delegated.pullAggregates(input);
      await recordPull('aggregates', input.source, input.query);
      return job;
    },
    ...casefileHandlers(investigation, options),
  };
}
