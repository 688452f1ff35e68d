import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LoadKind, LoadRecord } from '../../../shared/api-types.js';
import type { Db } from '../db/open-database.js';
import type { ExpansionLimits } from './expansion-limits.js';
import { finishLoad, getLoad, startLoad } from '../queries/loads.js';
import { recordWarnings } from '../sources/pull-ledger.js';
import type { ParseFailure, ParseSummary } from './parse-file.js';
import type { ParseWorkerMessage, ParseWorkerRequest } from './parse-protocol.js';
import { releaseParseWorker, takeParseWorker } from './parse-worker-entry.js';
import { PacedMessages } from './paced-messages.js';
import { RowWriter } from './row-writer.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  spans: number;
  logs: number;
  /** The trace the import has stored most spans of so far (uncommitted), or null before any span. */
  arriving?: { traceId: string; spans: number } | null;
}

export interface ImportOptions {
  kind?: LoadKind;
  /** What the ledger calls this load; defaults to the file path. */
  target?: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** How far a gzip file may expand before it is refused as a decompression bomb (see expansion-limits.ts). */
  limits?: Partial<ExpansionLimits>;
  /** Given the writer as the write begins: what it has stored so far may be read between batches, until the commit. */
  onWriting?: (writer: RowWriter) => void;
  /** Told, once the file is committed, of the trace it brought most spans of. */
  onBiggestTrace?: (trace: { traceId: string; spans: number } | null) => void;
}

/** An import that failed: names the file, where in it, and why. Nothing of the file was kept. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number | null,
    readonly reason: string,
  ) {
    super(`${file}: ${offset === null ? '' : `byte ${offset}: `}${reason}`);
    this.name = 'ImportError';
  }
}

const NOTHING = { format: null, spansSeen: 0, spansAdded: 0, logsSeen: 0, logsAdded: 0 };

/**
 * Imports one trace or log file into the cache as a single transaction: either every record in it is stored, or
 * (on any error) none is and the cache is exactly as it was. The file is streamed and parsed on a worker thread
 * (see parse-worker.ts) while this thread inserts; memory is bounded by the largest record and a few batches.
 * The format is detected from the content; gzip is accepted.
 *
 * `db` must be a connection used only for writing, so readers on other connections keep seeing the last committed
 * state while a long import runs (WAL).
 */
export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<LoadRecord> {
  const name = basename(path);
  const totalBytes = await sizeOf(path, name);
  const loadId = startLoad(db, { kind: options.kind ?? 'import', target: options.target ?? path });
  // First with a Jaeger trace's processes guessed from the file's end (tail-processes.ts); if the guess was wrong,
  // everything it wrote is rolled back and the file is read again without guessing.
  for (const guessProcesses of [true, false]) {
    // The graph summaries' table is sized from the file: a span takes at least ~400 bytes of JSON in every format.
    const writer = new RowWriter(db, loadId, Math.min(totalBytes / 400, 4_000_000));
    options.onWriting?.(writer);
    db.exec('BEGIN');
    try {
      const summary = await runParser(path, writer, totalBytes, options, guessProcesses);
      writer.flush();
      recordWarnings(db, loadId, [...summary.warnings, ...writer.warnings.list()]);
      finishLoad(db, loadId, {
        status: 'done',
        format: summary.format,
        bytes: totalBytes,
        spansSeen: summary.spans,
        logsSeen: summary.logs,
        ...writer.counts,
        error: null,
      });
      db.exec('COMMIT');
      options.onProgress?.({ bytesRead: totalBytes, totalBytes, spans: summary.spans, logs: summary.logs });
      options.onBiggestTrace?.(writer.biggestTrace);
      return getLoad(db, loadId)!;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof GuessFailed && guessProcesses) continue;
      const failure =
        error instanceof ImportError ? error : new ImportError(name, null, error instanceof Error ? error.message : String(error));
      // The ledger row was committed before the transaction began, so the failed attempt stays visible with its reason.
      finishLoad(db, loadId, { ...NOTHING, status: 'failed', bytes: totalBytes, error: failure.message });
      throw failure;
    }
  }
  throw new Error('unreachable: the second attempt never guesses');
}

/** The parser's guess of a trace's processes was wrong (see tail-processes.ts): read the file again without it. */
class GuessFailed extends Error {}

/** Writes each batch the parsing thread sends, acknowledging it so the parser may read on. */
function runParser(path: string, writer: RowWriter, totalBytes: number, options: ImportOptions, guessProcesses: boolean): Promise<ParseSummary> {
  const name = basename(path);
  const worker = takeParseWorker();
  const send = (request: ParseWorkerRequest) => worker.postMessage(request);
  return new Promise<ParseSummary>((resolve, reject) => {
    // Batches are written a slice at a time, so the API keeps answering (and can cancel) while a file is written.
    const messages = new PacedMessages<ParseWorkerMessage>((message) => handle(message));
    const settle = (ok: boolean) => {
      messages.stop();
      options.signal?.removeEventListener('abort', onAbort);
      if (ok) releaseParseWorker(worker);
      else void worker.terminate();
    };
    const fail = (failure: ParseFailure) => {
      settle(false);
      reject(new ImportError(name, failure.offset, failure.reason));
    };
    const onAbort = () => fail({ offset: null, reason: 'import cancelled' });
    // Cancelled while the file was being looked at: no abort event will come.
    if (options.signal?.aborted === true) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ParseWorkerMessage) => messages.push(message));
    function handle(message: ParseWorkerMessage): void {
      if (message.type === 'batch') {
        try {
          writer.write(message.batch);
        } catch (error) {
          fail({ offset: null, reason: `writing to the cache failed: ${(error as Error).message}` });
          return;
        }
        send({ type: 'ack' });
        options.onProgress?.({ totalBytes, ...message.progress, arriving: writer.arriving() });
      } else if (message.type === 'done') {
        settle(true);
        resolve(message.summary);
      } else if (message.type === 'guess-failed') {
        settle(true);
        reject(new GuessFailed(message.reason));
      } else {
        // The parser reported a problem in the file; the thread itself is fine and can take the next one.
        settle(true);
        reject(new ImportError(name, message.failure.offset, message.failure.reason));
      }
    }
    worker.on('error', (error) => fail({ offset: null, reason: `the parser stopped: ${error.message}` }));
    send({ type: 'parse', path, limits: options.limits, guessProcesses });
  });
}

async function sizeOf(path: string, name: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportError(name, null, 'not a regular file');
    return info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(name, null, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
