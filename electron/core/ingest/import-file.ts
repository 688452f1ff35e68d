import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { LoadKind, LoadRecord } from '../../../shared/api-types.js';
import { FormatError } from '../../../shared/formats/records.js';
import type { Db } from '../db/open-database.js';
import { finishLoad, getLoad, startLoad } from '../queries/loads.js';
import { CacheWriter } from './cache-writer.js';
import { FormatRouter } from './format-router.js';
import { JsonStreamError, JsonUnitSplitter, type Unit } from './json-units.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  spans: number;
  logs: number;
}

export interface ImportOptions {
  kind?: LoadKind;
  /** What the ledger calls this load; defaults to the file path. */
  target?: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
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

const GZIP_MAGIC = [0x1f, 0x8b];
const NOTHING = { format: null, spansSeen: 0, spansAdded: 0, logsSeen: 0, logsAdded: 0 };

/**
 * Imports one trace or log file into the cache as a single transaction: either every record in it is stored, or
 * (on any error) none is and the cache is exactly as it was. The file is streamed; memory is bounded by the largest
 * single record (see json-units.ts), not by the file. The format is detected from the content; gzip is accepted.
 *
 * `db` must be a connection used only for writing, so readers on other connections keep seeing the last committed
 * state while a long import runs (WAL).
 */
export async function importFile(db: Db, path: string, options: ImportOptions = {}): Promise<LoadRecord> {
  const name = basename(path);
  const totalBytes = await sizeOf(path, name);
  const gzipped = await startsWith(path, GZIP_MAGIC);
  const loadId = startLoad(db, { kind: options.kind ?? 'import', target: options.target ?? path });
  const writer = new CacheWriter(db, loadId);
  const router = new FormatRouter(writer);
  let unitOffset = 0;
  const splitter = new JsonUnitSplitter((unit: Unit) => {
    unitOffset = unit.offset;
    router.unit(unit);
  });
  let bytesRead = 0;
  db.exec('BEGIN');
  try {
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    file.on('data', (chunk) => (bytesRead += chunk.length));
    const source: Readable = gzipped ? file.pipe(createGunzip()) : file;
    let lastReport = 0;
    for await (const chunk of source) {
      if (options.signal?.aborted) throw new ImportError(name, null, 'import cancelled');
      splitter.push(chunk as Buffer);
      if (options.onProgress && bytesRead - lastReport >= 1 << 20) {
        lastReport = bytesRead;
        options.onProgress({ bytesRead, totalBytes, spans: writer.counts.spansSeen, logs: writer.counts.logsSeen });
      }
    }
    splitter.end();
    router.finish();
    writer.flush();
    const format = [...router.formats].join('+') || null;
    finishLoad(db, loadId, { status: 'done', format, bytes: totalBytes, ...writer.counts, error: null });
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const failure = describeFailure(error, name, unitOffset);
    // The ledger row was committed before the transaction began, so the failed attempt stays visible with its reason.
    finishLoad(db, loadId, { ...NOTHING, status: 'failed', bytes: totalBytes, error: failure.message });
    throw failure;
  }
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, spans: writer.counts.spansSeen, logs: writer.counts.logsSeen });
  return getLoad(db, loadId)!;
}

function describeFailure(error: unknown, name: string, unitOffset: number): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof JsonStreamError) return new ImportError(name, error.offset, error.reason);
  if (error instanceof FormatError) {
    const where = error.path === '' ? '' : `record ${error.path}: `;
    return new ImportError(name, unitOffset, `${where}${error.reason}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/incorrect header check|unexpected end of file|invalid (block|distance|stored)/i.test(message)) {
    return new ImportError(name, null, `the gzip stream is corrupt or truncated (${message})`);
  }
  return new ImportError(name, null, message);
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

async function startsWith(path: string, magic: number[]): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(magic.length), 0, magic.length, 0);
    return bytesRead === magic.length && magic.every((byte, i) => buffer[i] === byte);
  } finally {
    await handle.close();
  }
}
