import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { openCore } from '../electron/core/core.js';
import type { PullJob } from '../shared/source-pulls.js';

type Core = Awaited<ReturnType<typeof openCore>>;

export interface PullFigures {
  job: PullJob;
  seconds: number;
  /** From asking to the trace's first rows answered (while the body still downloads, when the format allows). */
  firstRowsMs: number | null;
  /** Bytes downloaded when the first rows were answered. */
  bytesAtFirstRows: number | null;
  longestStallMs: number;
}

const OPENING = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };

/**
 * Pulls one trace and watches it as the workbench does (the job every 10 ms, the trace's rows once the job names an
 * arriving trace): when its first rows could be shown, and when it was all cached.
 */
export async function watchTracePull(core: Core, traceId: string, source: string | undefined, refresh: boolean): Promise<PullFigures> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  let job = await core.handlers.pullTrace({ traceId, source, refresh });
  let firstRowsMs: number | null = null;
  let bytesAtFirstRows: number | null = null;
  for (let i = 0; i < 60_000 && job.state === 'running'; i++) {
    if (firstRowsMs === null && (job.arrivingTrace?.spans ?? 0) > 0) {
      const page = await core.handlers.traceRows({ traceId, ...OPENING, offset: 0, limit: 50, critical: false });
      if (page.rows.length > 0) {
        firstRowsMs = performance.now() - started;
        bytesAtFirstRows = job.bytes;
      }
    }
    await sleep(10);
    job = core.pulls.get(job.id)!;
  }
  job = (await core.pulls.wait(job.id))!;
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  if (job.state !== 'done') throw new Error(`the pull of ${traceId} ended ${job.state}: ${job.error}`);
  return { job, seconds, firstRowsMs, bytesAtFirstRows, longestStallMs: loop.max / 1e6 };
}

/** "0.42 s (12.0 of 48.1 MiB downloaded)", or why there were none before the commit. */
export function firstRowsFigure(figures: PullFigures): string {
  if (figures.firstRowsMs === null) return 'at the commit';
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return `${(figures.firstRowsMs / 1000).toFixed(2)} s (${mib(figures.bytesAtFirstRows!)} of ${mib(figures.job.bytes)} MiB in)`;
}
