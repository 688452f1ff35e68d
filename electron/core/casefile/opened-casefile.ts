import { constants, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { pidExists } from '../db/process-owner.js';
import { startWorker } from '../workers/start-worker.js';
import { CasefileError } from './casefile-format.js';
import { needsIndexing } from './casefile-indexes.js';
import type { IndexWorkerReply } from './index-worker.js';
import { asCasefileError, openCasefileReadOnly } from './open-casefile.js';

/** A casefile opened for the views. */
export interface OpenedCasefile {
  /** The casefile as the user named it: never written. */
  file: string;
  /** What the connections read: the file itself, or the working copy its indexes are being built on. */
  path: string;
  /** Reads only (the working copy's connection is query_only). */
  db: Db;
  /** Settles once every index is in; a call that searches log text waits for it. Never rejects unhandled. */
  indexed: Promise<void>;
  /** Settles once the lookup indexes are in (before full text): the logs' pages wait for these rather than scan. */
  lookups: Promise<void>;
  /** True until `indexed` settles. */
  indexing(): boolean;
  close(): void;
}

const COPY_SUFFIX = '.casefile-copy';

/**
 * Opens a casefile for the views. One that carries every index (format 1) is read in place. One that left its
 * indexes for the reader (format 2, casefile-indexes.ts) is copied into `workFolder` and read there at once, while a
 * thread builds the indexes on the copy: the first rows do not wait for them (issue 8: open → first rows ≤ 1 s),
 * each index serves as soon as it is in, and the file itself is never written. The copy is removed on close, and one
 * a killed process left behind is removed by the next open.
 */
export function openCasefileForViews(file: string, workFolder: string): OpenedCasefile {
  const original = openCasefileReadOnly(file);
  let complete: boolean;
  try {
    complete = !needsIndexing(original);
  } catch (error) {
    original.close();
    throw asCasefileError(file, error);
  }
  if (complete) return { file, path: file, db: original, indexed: Promise.resolve(), lookups: Promise.resolve(), indexing: () => false, close: () => original.close() };
  original.close();
  removeAbandonedCopies(workFolder);
  const path = join(workFolder, `${process.pid}-${randomBytes(4).toString('hex')}${COPY_SUFFIX}`);
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  };
  let db: Db | null = null;
  try {
    mkdirSync(workFolder, { recursive: true });
    // A reflink where the file system has them (instant, no space), else a plain copy.
    copyFileSync(file, path, constants.COPYFILE_FICLONE);
    db = new Database(path, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('query_only = ON');
    db.pragma('trusted_schema = OFF');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
  } catch (error) {
    db?.close();
    remove();
    throw new CasefileError(file, `cannot be opened: copying it to ${workFolder} to index it failed (${(error as Error).message})`);
  }
  const worker = startWorker(new URL('./index-worker.cjs', import.meta.url), new URL('./index-worker.ts', import.meta.url), { workerData: { path } });
  let lookupsIn: () => void = () => undefined;
  let lookupsFailed: (error: Error) => void = () => undefined;
  const lookups = new Promise<void>((resolve, reject) => {
    lookupsIn = resolve;
    lookupsFailed = reject;
  });
  const indexed = new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      const error = new CasefileError(file, `its indexes could not be built, so its logs cannot be searched: ${reason}`);
      lookupsFailed(error);
      reject(error);
    };
    worker.on('message', (reply: IndexWorkerReply) => {
      if (reply.stage === 'lookups') lookupsIn();
      else if (reply.ok) {
        lookupsIn();
        resolve();
      } else fail(reply.message);
    });
    worker.once('error', (error) => fail(error.message));
    worker.once('exit', (code) => fail(`the indexing thread stopped (exit code ${code})`));
  });
  lookups.catch(() => undefined);
  let building = true;
  indexed.then(
    () => (building = false),
    () => (building = false),
  );
  const reader = db;
  return {
    file,
    path,
    db: reader,
    indexed,
    lookups,
    indexing: () => building,
    close() {
      reader.close();
      void worker.terminate().finally(remove);
    },
  };
}

/** Working copies whose process is gone (killed before it could remove them). */
function removeAbandonedCopies(workFolder: string): void {
  let names: string[];
  try {
    names = readdirSync(workFolder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^(\d+)-[0-9a-f]{8}\.casefile-copy(-wal|-shm)?$/.exec(name);
    if (match === null || pidExists(Number(match[1]))) continue;
    rmSync(join(workFolder, name), { force: true });
  }
}
