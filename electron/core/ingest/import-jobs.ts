import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportJob } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { WriteQueue } from '../db/write-queue.js';
import type { ExpansionLimits } from './expansion-limits.js';
import { pullWarnings } from '../sources/pull-ledger.js';
import type { ArrivedGraph } from './arrived-graph.js';
import type { Arriving } from './arriving-trace.js';
import { ArrivingWrite, StoppedWrites } from './arriving-write.js';
import { importFile } from './import-file.js';

/**
 * Imports requested through the API run here, one after another (SQLite has one writer), on the write connection.
 * Each job reports progress that the UI polls; finished jobs are kept so the UI can show their outcome.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  /** Running and queued jobs' cancel switches. */
  private readonly cancels = new Map<string, AbortController>();
  /** Jobs whose import has begun (the rest wait in the queue). */
  private readonly started = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly stopped = new StoppedWrites('import');
  /** The running import's write, as the waterfall and the graph may watch it arrive; null when none runs. */
  private writing: ArrivingWrite | null = null;

  constructor(
    private readonly writeDb: Db,
    private readonly onChange: () => void = () => undefined,
    /** Shared with every other writer on `writeDb` (pulls, the receiver). */
    private readonly writes: WriteQueue = new WriteQueue(),
  ) {}

  start(paths: string[], displayNames?: string[], limits?: Partial<ExpansionLimits>): ImportJob[] {
    return paths.map((path, i) => {
      const job: ImportJob = {
        id: randomUUID(),
        file: displayNames?.[i] ?? basename(path),
        totalBytes: null,
        bytesRead: 0,
        spans: 0,
        logs: 0,
        state: 'running',
        error: null,
        load: null,
        biggestTrace: null,
        arrivingTrace: null,
        warnings: [],
      };
      this.jobs.set(job.id, job);
      const cancel = new AbortController();
      this.cancels.set(job.id, cancel);
      this.queue = this.queue.then(() => this.writes.run(() => this.run(job, path, limits, cancel.signal)));
      return { ...job };
    });
  }

  get(id: string): ImportJob | null {
    const job = this.jobs.get(id);
    return job === undefined ? null : { ...job };
  }

  /**
   * Stops a job: a running import rolls back (its file's rows are never committed), a queued one never starts.
   * A finished job is returned as it is. Null for an unknown id.
   */
  cancel(id: string): ImportJob | null {
    const job = this.jobs.get(id);
    if (job === undefined) return null;
    this.cancels.get(id)?.abort();
    if (job.state === 'running' && !this.started.has(id)) {
      // Not started yet (still queued): said at once; run() sees the aborted signal and skips it.
      job.state = 'failed';
      job.error = `${job.file}: import cancelled before it started`;
    }
    return { ...job };
  }

  /**
   * What a running import has stored of this trace, if it is that import's biggest trace so far: the trace calls
   * answer from it until the import commits (issue 10: a dropped file shows its trace while it imports).
   */
  arriving(traceId: string): Arriving | null {
    return this.writing?.arriving(traceId) ?? null;
  }

  /** The write connection, when `traceId` is the running import's biggest trace so far (a span's detail while it arrives). */
  arrivingDb(traceId: string): Db | null {
    return this.writing?.dbOf(traceId) ?? null;
  }

  /** Why a trace is not in the cache, when an import that was bringing it stopped without committing. */
  whyNotCached(traceId: string): string | null {
    return this.stopped.why(traceId);
  }

  /** What the running import has stored so far, for the graph to add to the cache's (null when no import runs). */
  arrivedGraph(): ArrivedGraph | null {
    return this.writing?.graph() ?? null;
  }

  /** Resolves when every job started so far has finished (used by the CLI and tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: ImportJob, path: string, limits: Partial<ExpansionLimits> | undefined, signal: AbortSignal): Promise<void> {
    if (signal.aborted) {
      this.cancels.delete(job.id);
      this.onChange();
      return;
    }
    this.started.add(job.id);
    try {
      const imported = await importFile(this.writeDb, path, {
        target: job.file === basename(path) ? path : job.file,
        limits,
        signal,
        onBiggestTrace: (trace) => (job.biggestTrace = trace),
        onWriting: (writer) => (this.writing = new ArrivingWrite(this.writeDb, writer, 'import')),
        onProgress: (progress) => {
          job.totalBytes = progress.totalBytes;
          job.bytesRead = progress.bytesRead;
          job.spans = progress.spans;
          job.logs = progress.logs;
          job.arrivingTrace = progress.arriving ?? null;
        },
      });
      job.load = imported;
      job.warnings = pullWarnings(this.writeDb, imported.id);
      job.state = 'done';
      job.spans = job.load.spansSeen;
      job.logs = job.load.logsSeen;
    } catch (error) {
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      this.stopped.remember(this.writing, job.error);
    }
    job.arrivingTrace = null;
    this.writing = null;
    this.cancels.delete(job.id);
    this.started.delete(job.id);
    this.onChange();
  }
}
