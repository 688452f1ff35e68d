import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { FormatError } from '../../../shared/formats/records.js';
import { expansionCheck, type ExpansionLimits } from './expansion-limits.js';
import { FormatRouter } from './format-router.js';
import type { GrowingFile } from './growing-file.js';
import { JsonStreamError } from './json-unit.js';
import { JsonUnitSplitter } from './json-units.js';
import type { LoadWarning } from './load-warnings.js';
import { SpeculationFailed, tailProcesses } from './tail-processes.js';
import { RowEncoder, splitBatch, type RowBatch } from './row-encoder.js';

/** Why a file could not be read, and where: plain data, so it crosses from the parsing thread intact. */
export interface ParseFailure {
  offset: number | null;
  reason: string;
}

export class ParseError extends Error {
  constructor(readonly failure: ParseFailure) {
    super(failure.offset === null ? failure.reason : `byte ${failure.offset}: ${failure.reason}`);
    this.name = 'ParseError';
  }
}

export interface ParseProgress {
  bytesRead: number;
  spans: number;
  logs: number;
}

export interface ParseSummary extends ParseProgress {
  format: string | null;
  skippedMetrics: number;
  /** Read, but worth telling (ids mapped, spans skipped); kept with the load. */
  warnings: LoadWarning[];
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** The encoder's batch size: what a burst of rows is cut into (splitBatch). */
const BATCH_ROWS = 1024;

/**
 * Streams one file through the splitter, the format router and the row encoder, handing rows out in batches.
 * `onBatch` may return a promise: reading waits for it, so a slow writer holds the reader back (bounded memory).
 */
export async function parseFile(
  path: string,
  onBatch: (batch: RowBatch, progress: ParseProgress) => void | Promise<void>,
  limits: Partial<ExpansionLimits> = {},
  /** Read a Jaeger trace's spans as they stream, with the processes at the file's end (tail-processes.ts). */
  guessProcesses = false,
  /** The file is still being written (a pull's download): read it as it grows. Never gzip (bodies come decoded). */
  growing: GrowingFile | null = null,
): Promise<ParseSummary> {
  const gzipped = growing === null && (await startsWith(path, GZIP_MAGIC));
  const encoder = new RowEncoder(BATCH_ROWS);
  const router = new FormatRouter(encoder, guessProcesses && !gzipped ? await tailProcesses(path) : null);
  let unitOffset = 0;
  const splitter = new JsonUnitSplitter(
    (unit) => {
      unitOffset = unit.offset;
      router.unit(unit);
    },
    { canOpen: router.opened.canOpen },
  );
  let bytesRead = 0;
  let gunzip: Gunzip | null = null;
  const progress = (): ParseProgress => ({ bytesRead, spans: encoder.spansSeen, logs: encoder.logsSeen });
  // The file's first burst of rows goes out in batches of BATCH_ROWS, so its first rows can show at once; later
  // bursts go whole, so the parser reads on while the writer writes them (cut up, Zipkin imported 35% slower).
  let first = true;
  const pieces = (batch: RowBatch) => (first ? splitBatch(batch, BATCH_ROWS) : [batch]);
  const batches = async () => {
    for (let batch = encoder.take(); batch !== null; batch = encoder.take()) {
      for (const piece of pieces(batch)) await onBatch(piece, progress());
      first = false;
    }
  };
  // Hands out full batches, then reads what opened records held back (spans that came before their trace's
  // processes), a batch at a time.
  const drain = async () => {
    await batches();
    for (const replay of router.opened.takeReplays()) {
      for await (const items of replay.items.items()) {
        for (const item of items) {
          unitOffset = item.offset;
          replay.read(item);
        }
        await batches();
      }
    }
  };
  try {
    // Counted on the file stream (compressed bytes for gzip), so progress compares with the file's size. Created
    // only now: a 'data' listener starts the flow at once, and chunks emitted during an await would be lost.
    let file: Readable;
    if (growing === null) {
      file = createReadStream(path, { highWaterMark: 1 << 20 });
      file.on('data', (chunk: Buffer) => (bytesRead += chunk.length));
    } else {
      file = Readable.from(growing.chunks(path, (bytes) => (bytesRead += bytes)), { objectMode: false });
    }
    gunzip = gzipped ? file.pipe(createGunzip()) : null;
    const source: Readable = gunzip ?? file;
    const check = gzipped ? expansionCheck(limits) : null;
    let expanded = 0;
    for await (const chunk of source) {
      expanded += (chunk as Buffer).length;
      const refusal = check?.(expanded, compressedOffset(gunzip)) ?? null;
      if (refusal !== null) throw new ParseError({ offset: compressedOffset(gunzip), reason: refusal });
      splitter.push(chunk as Buffer);
      await drain();
    }
    splitter.end();
    router.finish();
    await drain();
    const last = encoder.take(true);
    for (const piece of last === null ? [] : pieces(last)) await onBatch(piece, progress());
  } catch (error) {
    if (error instanceof SpeculationFailed) throw error;
    throw new ParseError(describeFailure(error, unitOffset, gunzip));
  } finally {
    router.opened.dispose();
  }
  return { ...progress(), format: [...router.formats].join('+') || null, skippedMetrics: router.skippedMetrics, warnings: router.warnings.list() };
}

/** Every failure in words, with a byte offset: where the record starts, or where the gzip data went wrong. */
function describeFailure(error: unknown, unitOffset: number, gunzip: Gunzip | null): ParseFailure {
  if (error instanceof ParseError) return error.failure;
  if (error instanceof JsonStreamError) {
    return { offset: error.offset, reason: `${error.path === '' ? '' : `record ${error.path}: `}${error.reason}` };
  }
  if (error instanceof FormatError) {
    return { offset: unitOffset, reason: `${error.path === '' ? '' : `record ${error.path}: `}${error.reason}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (gunzip !== null && (code?.startsWith('Z_') === true || /unexpected end of file/i.test(message))) {
    const offset = compressedOffset(gunzip);
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
      return { offset, reason: 'the gzip data is truncated: the file ends before the compressed stream does' };
    }
    return { offset, reason: `the gzip data is corrupt (${message}): the file was damaged or is not really gzip` };
  }
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return { offset: null, reason: `cannot read the file (${code}: ${message})` };
  // Anything else is a fault of ours, not of the file; still said with the record it happened in.
  return { offset: unitOffset, reason: `the record could not be read (${message})` };
}

/** How far into the file gzip had got: zlib counts the compressed bytes it has consumed as it goes. */
function compressedOffset(gunzip: Gunzip | null): number {
  return gunzip === null ? 0 : gunzip.bytesWritten;
}

async function startsWith(path: string, magic: number[]): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(magic.length), 0, magic.length, 0);
    return bytesRead === magic.length && magic.every((byte, i) => buffer[i] === byte);
  } finally {
    await handle.close();
  }
}
