import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, type Api } from '../../../../shared/contract.js';
import { createClient, dispatch, type Client } from '../../../../shared/contract-kit.js';
import type { PullJob } from '../../../../shared/source-pulls.js';
import type { SourceConfigInput } from '../../../../shared/sources.js';
import { contentCounts } from '../../../../test/temp-cache.js';
import { openCore, type Core } from '../../core.js';
import type { HttpLimits } from '../http-client.js';

/** A real core (cache, handlers, sources.json, secrets.json) in a fresh folder, for source tests. */
export interface SourceHarness {
  core: Core;
  /** The API as every transport sees it: inputs validated by the contract's schemas. */
  client: Client<Api>;
  dir: string;
  databasePath: string;
  /** Starts a pull through the API and waits for it to finish. */
  finished(job: PullJob): Promise<PullJob>;
  add(config: SourceConfigInput, secrets?: { token?: string; password?: string; headers?: Record<string, string> }): Promise<void>;
  /** Row counts of the cached data plus the pull results: "nothing partial was cached" means these did not change. */
  counts(): Record<string, number>;
  dispose(): void;
}

/** A test's `maxBytes` caps trace downloads too (`maxFileBytes`) unless it sets that apart. */
export async function sourceHarness(limits: Partial<HttpLimits> = {}): Promise<SourceHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'casefile-sources-'));
  const databasePath = join(dir, 'cache.sqlite');
  const core = await openCore({ databasePath, mode: 'web', sourceLimits: { serverRetryDelayMs: 20, ...(limits.maxBytes === undefined ? {} : { maxFileBytes: limits.maxBytes }), ...limits } });
  const client = createClient(api, (name, input) => dispatch(api, core.handlers, name, input));
  return {
    core,
    client,
    dir,
    databasePath,
    async finished(job) {
      const done = await core.pulls.wait(job.id);
      if (done === null) throw new Error(`job ${job.id} vanished`);
      return done;
    },
    async add(config, secrets) {
      await client.saveSource({ config, secrets });
    },
    counts() {
      const extra = ['pull_results', 'pull_log_results'].map((t) => [t, (core.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]);
      return { ...contentCounts(core.db), ...Object.fromEntries(extra) };
    },
    dispose() {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
