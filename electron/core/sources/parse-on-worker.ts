import type { ParseFailure, ParseSummary } from '../ingest/parse-file.js';
import type { ParseWorkerMessage, ParseWorkerRequest } from '../ingest/parse-protocol.js';
import { releaseParseWorker, takeParseWorker } from '../ingest/parse-worker-entry.js';
import type { RowBatch } from '../ingest/row-encoder.js';

/**
 * Parses a downloaded response body on the importer's parsing thread (the same FormatRouter and parsers as a file
 * import, so a pulled trace and an imported one give identical rows), handing each batch of rows to `write` on this
 * thread. The main thread never JSON.parses a 100k-span body. Rejects with the parser's ParseFailure.
 *
 * With `complete` (the download's, see SourceHttpClient.download), the body is parsed while it still arrives; a
 * download that fails rejects with its own error (the parser's view of a cut file would name the wrong cause).
 */
export function parseOnWorker(path: string, write: (batch: RowBatch) => void, signal: AbortSignal, complete?: Promise<number>): Promise<ParseSummary> {
  const worker = takeParseWorker();
  const send = (request: ParseWorkerRequest) => worker.postMessage(request);
  return new Promise<ParseSummary>((resolve, reject) => {
    let settled = false;
    const settle = (reusable: boolean) => {
      settled = true;
      worker.removeAllListeners('message');
      signal.removeEventListener('abort', onAbort);
      if (reusable) releaseParseWorker(worker);
      else void worker.terminate();
    };
    const fail = (failure: ParseFailure | Error, reusable: boolean) => {
      settle(reusable);
      reject(failure instanceof Error ? failure : new WorkerParseError(failure));
    };
    const onAbort = () => fail({ offset: null, reason: 'cancelled' }, false);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ParseWorkerMessage) => {
      // A batch already queued when the pull was cancelled must never be written (it would land outside the transaction).
      if (settled) return;
      if (message.type === 'batch') {
        try {
          write(message.batch);
        } catch (error) {
          fail({ offset: null, reason: `writing to the cache failed: ${(error as Error).message}` }, false);
          return;
        }
        send({ type: 'ack' });
      } else if (message.type === 'done') {
        settle(true);
        resolve(message.summary);
      } else {
        // Pulls never ask the parser to guess, so a failed guess cannot come; said as a failure if it did.
        fail(message.type === 'failed' ? message.failure : { offset: null, reason: message.reason }, true);
      }
    });
    worker.on('error', (error) => fail({ offset: null, reason: `the parser stopped: ${error.message}` }, false));
    send({ type: 'parse', path, growing: complete !== undefined });
    complete?.then(
      (bytes) => {
        if (!settled) send({ type: 'file-end', bytes });
      },
      (error: unknown) => {
        if (!settled) fail(error instanceof Error ? error : new Error(String(error)), false);
      },
    );
  });
}

export class WorkerParseError extends Error {
  constructor(readonly failure: ParseFailure) {
    super(failure.offset === null ? failure.reason : `byte ${failure.offset}: ${failure.reason}`);
    this.name = 'WorkerParseError';
  }
}
