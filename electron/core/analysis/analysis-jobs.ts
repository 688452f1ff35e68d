import type { AnalysisWindow, Symptom } from '../../../shared/analysis/types.js';
import type { AnalysisResponse } from '../../../shared/contract/analysis-calls.js';
import type { Db } from '../db/open-database.js';
import { cachedRange } from '../queries/analysis-input.js';
import { runAnalysis } from './run-analysis.js';

/**
 * Analyses by window, symptom and baseline, each computed once on its own thread and kept until the cache changes:
 * a finished import, pull or receiver batch moves the loads ledger or the newest span/log row, and the next request
 * starts afresh. Asking again while one runs joins it and gets the partial result so far.
 */
export interface AnalysisRequest {
  startNs?: string;
  endNs?: string;
  symptom: Symptom;
  baselineStartNs?: string;
  baselineEndNs?: string;
  wait: boolean;
}

interface Entry {
  version: string;
  response: AnalysisResponse;
  done: Promise<AnalysisResponse>;
}

const KEPT = 16;

export class AnalysisJobs {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly databasePath: string,
  ) {}

  async analyze(request: AnalysisRequest): Promise<AnalysisResponse> {
    const window = this.window(request);
    const key = JSON.stringify([window, request.symptom]);
    const version = dataVersion(this.db);
    let entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      entry = this.start(window, request.symptom, version);
      this.entries.delete(key);
      this.entries.set(key, entry);
      while (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
    }
    return request.wait ? entry.done : { ...entry.response };
  }

  private window(request: AnalysisRequest): AnalysisWindow {
    const range = cachedRange(this.db);
    const startNs = request.startNs ?? range?.startNs ?? '0';
    const endNs = request.endNs ?? range?.endNs ?? startNs;
    if (BigInt(endNs) < BigInt(startNs)) throw new Error(`the window ends (${endNs}) before it starts (${startNs})`);
    const baseline = request.baselineStartNs !== undefined && request.baselineEndNs !== undefined ? { startNs: request.baselineStartNs, endNs: request.baselineEndNs } : undefined;
    return baseline ? { startNs, endNs, baseline } : { startNs, endNs };
  }

  private start(window: AnalysisWindow, symptom: Symptom, version: string): Entry {
    const began = performance.now();
    const response: AnalysisResponse = { state: 'running', result: null, error: null, spansRead: 0, tracesRead: 0, traces: 0, preview: false, elapsedMs: 0 };
    const done = runAnalysis(this.db, { databasePath: this.databasePath, window, symptom }, (partial, stats) => {
      Object.assign(response, { result: partial, ...stats, elapsedMs: performance.now() - began });
    }).then(
      ({ result, stats }) => Object.assign(response, { state: 'done', result, ...stats, elapsedMs: performance.now() - began }),
      (error: unknown) => Object.assign(response, { state: 'failed', error: error instanceof Error ? error.message : String(error), elapsedMs: performance.now() - began }),
    );
    return { version, response, done: done.then(() => ({ ...response })) };
  }
}

/** Changes whenever rows are added or removed: the loads ledger and the newest span and log rows. */
function dataVersion(db: Db): string {
  const row = db
    .prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM loads) AS loads,
              (SELECT count(*) FROM loads WHERE status = 'running') AS running,
              (SELECT coalesce(max(rowid), 0) FROM spans) AS spans,
              (SELECT coalesce(max(rowid), 0) FROM logs) AS logs`,
    )
    .get() as Record<string, number>;
  return `${row.loads}:${row.running}:${row.spans}:${row.logs}`;
}
