import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export type ContentEncoding = 'identity' | 'gzip' | 'deflate';

/** The body could not be taken: `status` is the HTTP answer (400, 408, 413 or 429), `message` says why. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** `Content-Encoding` as the receiver reads it; null for one it does not support (answered with 415). */
export function contentEncoding(header: string | undefined): ContentEncoding | null {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return null;
}

/**
 * How long a body may take. A sender that holds a request open while trickling its body (slowloris) would otherwise
 * hold memory and a connection for as long as Node's 300 s request timeout; past either bound it is answered 408.
 */
export interface BodyPace {
  /** The whole body must have arrived this long after its headers. */
  timeoutMs: number;
  /** Once `graceMs` have passed, the body must be arriving at this average rate at least (bytes per second). */
  minBytesPerSecond: number;
  graceMs: number;
}

/** Bytes of all the bodies being read at once, shared by the requests of one receiver: memory stays bounded. */
export interface ReadBudget {
  used: number;
  max: number;
}

/**
 * Reads a request body of at most `maxBytes` on the wire and, decompressed, at most `maxBytes` again: a small gzip
 * body that inflates to gigabytes (a "zip bomb") is stopped by zlib once the output passes the cap, before the
 * memory is spent. Decompression runs on libuv's thread pool, off the thread that writes the cache.
 */
export async function readOtlpBody(
  request: IncomingMessage,
  encoding: ContentEncoding,
  maxBytes: number,
  pace: BodyPace,
  budget: ReadBudget = { used: 0, max: Infinity },
): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes, 'the request body');
  const raw = await collect(request, maxBytes, pace, budget);
  if (encoding === 'identity') return raw;
  try {
    const inflateBody = encoding === 'gzip' ? gunzipAsync : inflateAsync;
    return await inflateBody(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes, `the ${encoding}-decompressed body`);
    throw new BodyError(400, `the body is not valid ${encoding} data: ${(error as Error).message}`);
  }
}

/**
 * Collects the body with events rather than an async iterator: leaving an iterator early destroys the socket, and the
 * 413 answer could not be sent. Past the cap the rest is read and dropped until the answer goes out.
 */
function collect(request: IncomingMessage, maxBytes: number, pace: BodyPace, budget: ReadBudget): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const started = performance.now();
    let size = 0;
    let settled = false;
    const finish = () => {
      settled = true;
      clearInterval(watch);
      budget.used -= size;
    };
    const stop = (error: BodyError) => {
      finish();
      request.off('data', onData);
      request.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      budget.used += chunk.length;
      // Checked while reading too: a chunked body declares no size up front.
      if (size > maxBytes) return stop(tooLarge(maxBytes, 'the request body'));
      if (budget.used > budget.max) return stop(new BodyError(429, `the bodies being read at once would pass the receiver's limit of ${sizeText(budget.max)}; retry later`));
      chunks.push(chunk);
    };
    const check = () => {
      if (settled || request.complete) return;
      const elapsed = performance.now() - started;
      if (elapsed > pace.timeoutMs) return stop(new BodyError(408, `the body did not arrive within ${pace.timeoutMs} ms (${size} bytes came)`));
      const rate = size / (elapsed / 1000);
      if (elapsed > pace.graceMs && rate < pace.minBytesPerSecond) {
        stop(new BodyError(408, `the body arrives at ${Math.round(rate)} bytes/s, slower than the receiver's minimum of ${pace.minBytesPerSecond} bytes/s`));
      }
    };
    // Checked after pending reads (setImmediate runs after I/O): when this thread was busy writing the cache, bytes that
    // arrived meanwhile are counted before the rate is judged.
    const watch = setInterval(() => setImmediate(check), Math.max(10, Math.min(250, pace.graceMs / 4)));
    request.on('data', onData);
    request.once('end', () => {
      if (settled) return;
      finish();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.once('error', (error) => {
      if (settled) return;
      finish();
      reject(error);
    });
    request.once('aborted', () => {
      if (settled) return;
      finish();
      reject(new BodyError(400, 'the client closed the connection before the body ended'));
    });
  });
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;
}

function tooLarge(maxBytes: number, what: string): BodyError {
  return new BodyError(413, `${what} is larger than the receiver's limit of ${Math.round(maxBytes / 1024 / 1024)} MiB`);
}
