import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FormatError } from '../../../shared/formats/records.js';
import { FormatRouter } from './format-router.js';
import { JsonStreamError, JsonUnitSplitter } from './json-units.js';
import type { LoadWarning } from './load-warnings.js';
import { RowEncoder, type RowBatch } from './row-encoder.js';

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

/**
 * Streams one file through the splitter, the format router and the row encoder, handing rows out in batches.
 * `onBatch` may return a promise: reading waits for it, so a slow writer holds the reader back (bounded memory).
 */
export async function parseFile(
  path: string,
  onBatch: (batch: RowBatch, progress: ParseProgress) => void | Promise<void>,
): Promise<ParseSummary> {
  const encoder = new RowEncoder();
  const router = new FormatRouter(encoder);
  let unitOffset = 0;
  const splitter = new JsonUnitSplitter((unit) => {
    unitOffset = unit.offset;
    router.unit(unit);
  });
  let bytesRead = 0;
  const progress = (): ParseProgress => ({ bytesRead, spans: encoder.spansSeen, logs: encoder.logsSeen });
  try {
    const gzipped = await startsWith(path, GZIP_MAGIC);
    // Counted on the file stream (compressed bytes for gzip), so progress compares with the file's size. Created
    // only now: a 'data' listener starts the flow at once, and chunks emitted during an await would be lost.
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    file.on('data', (chunk) => (bytesRead += chunk.length));
    const source: Readable = gzipped ? file.pipe(createGunzip()) : file;
    for await (const chunk of source) {
      splitter.push(chunk as Buffer);
      for (let batch = encoder.take(); batch !== null; batch = encoder.take()) await onBatch(batch, progress());
    }
    splitter.end();
    router.finish();
    const last = encoder.take(true);
    if (last !== null) await onBatch(last, progress());
  } catch (error) {
    throw new ParseError(describeFailure(error, unitOffset));
  }
  return { ...progress(), format: [...router.formats].join('+') || null, skippedMetrics: router.skippedMetrics, warnings: router.warnings.list() };
}

function describeFailure(error: unknown, unitOffset: number): ParseFailure {
  if (error instanceof ParseError) return error.failure;
  if (error instanceof JsonStreamError) return { offset: error.offset, reason: error.reason };
  if (error instanceof FormatError) {
    return { offset: unitOffset, reason: `${error.path === '' ? '' : `record ${error.path}: `}${error.reason}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/incorrect header check|unexpected end of file|invalid (block|distance|stored)/i.test(message)) {
    return { offset: null, reason: `the gzip stream is corrupt or truncated (${message})` };
  }
  const code = (error as NodeJS.ErrnoException).code;
  return { offset: null, reason: code ? `cannot read the file (${code})` : message };
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
