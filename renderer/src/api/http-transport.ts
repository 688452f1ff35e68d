import type { Reply, Transport } from '../../../shared/contract-kit.js';
import { API_PREFIX, AUTH_HEADER, AUTH_SCHEME } from '../../../shared/web-bridge.js';
import { readReply } from './read-reply.js';

/** Headers every browser-mode request carries. */
export function authHeaders(token: string | null): Record<string, string> {
  return token === null ? {} : { [AUTH_HEADER]: `${AUTH_SCHEME} ${token}` };
}

/** Browser mode: each call is `POST /api/<name>` with a JSON body, answered with the Reply envelope. */
export function httpTransport(token: string | null): Transport {
  return async (name, input): Promise<Reply> => {
    try {
      const response = await fetch(API_PREFIX + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authHeaders(token) },
        body: JSON.stringify(input),
      });
      return await readReply(response);
    } catch (error) {
      // fetch rejects only when the server cannot be reached at all; say so rather than "Failed to fetch".
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'failed', message: `Cannot reach the Casefile server (${reason})` } };
    }
  };
}
