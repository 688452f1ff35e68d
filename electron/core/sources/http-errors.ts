import type { SourceErrorStage } from '../../../shared/source-pulls.js';

/**
 * Turns what node's HTTP stack throws into the stage that failed and a sentence a person can act on. The codes are
 * libuv's and OpenSSL's (https://nodejs.org/api/errors.html#common-system-errors, `tls` verify errors).
 */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

export interface Classified {
  stage: SourceErrorStage;
  reason: string;
}

export function classifyNetworkError(error: unknown, host: string): Classified {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL') {
    return { stage: 'dns', reason: `DNS: the host name "${host}" could not be resolved (${code}); check the URL or your VPN` };
  }
  if (code === 'ECONNREFUSED') {
    return { stage: 'connect', reason: `connection refused by ${host} (nothing listens on that port; check the URL's port)` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') {
    return { stage: 'connect', reason: `cannot reach ${host} (${code}); check the network, firewall or VPN` };
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return {
      stage: 'tls',
      reason: `TLS: ${message} (${code}); give the source's CA file, or turn off verification only if you accept the risk`,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { stage: 'connect', reason: `the connection was closed by ${host} (${code}); is this an https:// server asked over http:// or the reverse?` };
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return { stage: 'response', reason: `the server did not answer with valid HTTP (${code}); is this an https:// URL asked over http://?` };
  }
  return { stage: 'connect', reason: `request failed: ${message}${code ? ` (${code})` : ''}` };
}

/** "429 Too Many Requests" → the wait it asks for, from Retry-After seconds or an HTTP date; null if absent. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** What a non-2xx status means for the user. */
export function statusReason(status: number, statusText: string, snippet: string): Classified {
  const said = snippet === '' ? '' : `; the server said: ${snippet}`;
  const head = `${status} ${statusText}`.trim();
  if (status === 401) return { stage: 'auth', reason: `${head}: the source refused the credentials (check the token, user or password)${said}` };
  if (status === 403) {
    return { stage: 'auth', reason: `${head}: the credentials are not allowed to do this (check permissions and the tenant)${said}` };
  }
  if (status === 404) {
    return { stage: 'not-found', reason: `${head}: nothing at this path; is the base URL right (scheme, host, port and any path prefix)?${said}` };
  }
  if (status === 429) return { stage: 'rate-limited', reason: `${head}: the source is rate limiting requests${said}` };
  if (status >= 500) return { stage: 'server', reason: `${head}: the source failed to answer${said}` };
  return { stage: 'response', reason: `${head}${said}` };
}

/** A short, single-line excerpt of an error body: enough to recognise the problem, never a whole page. */
export function snippetOf(body: string, max = 200): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title !== undefined ? `HTML page "${title.trim()}"` : body).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
