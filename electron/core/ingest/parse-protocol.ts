import type { ExpansionLimits } from './expansion-limits.js';
import type { ParseFailure, ParseProgress, ParseSummary } from './parse-file.js';
import type { RowBatch } from './row-encoder.js';

/** Messages from the parsing thread to the importing thread. */
export type ParseWorkerMessage =
  | { type: 'batch'; batch: RowBatch; progress: ParseProgress }
  | { type: 'done'; summary: ParseSummary }
  | { type: 'failed'; failure: ParseFailure }
  /** The processes guessed from the file's end were wrong: parse it again without guessing. */
  | { type: 'guess-failed'; reason: string };

/**
 * Requests to the parsing thread: parse a file, and one `ack` per batch written. A `growing` file is still being
 * written (a pull's download) and is read as it grows until `file-end` gives its final size.
 */
export type ParseWorkerRequest =
  | { type: 'parse'; path: string; limits?: Partial<ExpansionLimits>; guessProcesses?: boolean; growing?: boolean }
  | { type: 'file-end'; bytes: number }
  | { type: 'ack' };
