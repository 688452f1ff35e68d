import { MalformedRequest } from './decode-request.js';
import type { Refusal } from './otlp-responses.js';
import { BodyError } from './read-otlp-body.js';

/** A decoded request could not get the write connection in time (an import or pull holds it). */
export class CacheBusy extends Error {}

/** The OTLP/HTTP answer to a request that failed after it was admitted: bad body, slow body, busy or failing cache. */
export function refusalFor(error: unknown, writeWaitMs: number): Refusal {
  if (error instanceof BodyError) return { status: error.status, message: error.message, ...(error.status === 429 ? { retryAfter: 1 } : {}) };
  if (error instanceof MalformedRequest) return { status: 400, message: error.message };
  if (error instanceof CacheBusy) {
    return { status: 503, message: 'the cache is busy with an import or pull; retry later', retryAfter: Math.max(1, Math.ceil(writeWaitMs / 1000)) };
  }
  // The cache refused the write (disk full, database locked by another program): retryable, and nothing was kept.
  return { status: 503, message: `the cache could not store the request: ${error instanceof Error ? error.message : String(error)}`, retryAfter: 5 };
}
