import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportJob } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import { WriteQueue } from '../db/write-queue.js';
import type { ExpansionLimits } from './expansion-limits.js';
import { pullWarnings } from '../sources/pull-ledger.js';
import { importFile } from './import-file.js';

/**
 * Imports requested through the API run here, one after another (SQLite has one writer), on the write connection.
 * Each job reports progress that the UI polls; finished jobs are kept so the UI can show their outcome.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private queue: Promise<void> = Promise.resolve();

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
        warnings: [],
      };
      this.jobs.set(job.id, job);
      this.queue = this.queue.then(() => this.writes.run(() => this.run(job, path, limits)));
      return { ...job };
    });
  }

  get(id: string): ImportJob | null {
    const job = this.jobs.get(id);
    return job === undefined ? null : { ...job };
  }

  /** Resolves when every job started so far has finished (used by the CLI and tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: ImportJob, path: string, limits: Partial<ExpansionLimits> | undefined): Promise<void> {
    try {
      const imported = await importFile(this.writeDb, path, {
        target: job.file === basename(path) ? path : job.file,
        limits,
        onProgress: (progress) => {
          job.totalBytes = progress.totalBytes;
          job.bytesRead = progress.bytesRead;
          job.spans = progress.spans;
          job.logs = progress.logs;
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
    }
    this.onChange();
  }
}
