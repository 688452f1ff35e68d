import { parentPort } from 'node:worker_threads';
import { ParseError, parseFile } from './parse-file.js';
import type { ExpansionLimits } from './expansion-limits.js';
import { GrowingFile } from './growing-file.js';
import type { ParseWorkerMessage, ParseWorkerRequest } from './parse-protocol.js';
import { SpeculationFailed } from './tail-processes.js';

/**
 * The parsing half of an import, on its own thread: JSON parsing and row encoding run here while the importing
 * thread inserts the previous batch, so two cores work at once and the main process stays responsive. The thread
 * lives on between files (starting one costs more than parsing a small file). At most MAX_IN_FLIGHT batches wait
 * for the writer; reading pauses until it acknowledges one.
 */
// Small batches: measured on 700k spans, 1024-span batches overlapped the threads best (7.2 s vs 8.9 s for 4096×4
// and 9.4 s for 16384×3); see RowEncoder's batch size. Four in flight: the writer takes them off the port a slice
// at a time (paced-messages.ts), and 16 waiting there kept 200 MB more heap alive on 1M spans for no speed
// (16.7-17.0 s either way).
const MAX_IN_FLIGHT = 4;
const port = parentPort!;
let inFlight = 0;
let resume: (() => void) | null = null;

const post = (message: ParseWorkerMessage) => port.postMessage(message);

/** The file being parsed, when it is still being written (see GrowingFile). */
let growing: GrowingFile | null = null;

async function parse(path: string, limits: Partial<ExpansionLimits> | undefined, guessProcesses: boolean): Promise<void> {
  inFlight = 0;
  try {
    const summary = await parseFile(path, async (batch, progress) => {
      inFlight++;
      post({ type: 'batch', batch, progress });
      if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    }, limits, guessProcesses, growing);
    post({ type: 'done', summary });
  } catch (error) {
    if (error instanceof SpeculationFailed) {
      post({ type: 'guess-failed', reason: error.message });
      return;
    }
    const failure = error instanceof ParseError ? error.failure : { offset: null, reason: String(error) };
    post({ type: 'failed', failure });
  }
}

port.on('message', (message: ParseWorkerRequest) => {
  if (message.type === 'parse') {
    growing = message.growing === true ? new GrowingFile() : null;
    void parse(message.path, message.limits, message.guessProcesses === true);
  } else if (message.type === 'file-end') growing?.end(message.bytes);
  else {
    inFlight--;
    resume?.();
    resume = null;
  }
});
