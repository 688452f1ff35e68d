import type { ServerResponse } from 'node:http';
import type { ApiErrorCode, Reply } from '../../shared/contract-kit.js';
import { RENDERER_CSP } from '../../shared/csp.js';

/** Sent on every response, API ones included, so nothing we serve can be sniffed, framed or leak the token URL. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  'unknown-call': 404,
  failed: 500,
};

export function statusFor(reply: Reply): number {
  return reply.ok ? 200 : STATUS_BY_CODE[reply.error.code];
}

export function sendReply(response: ServerResponse, reply: Reply, status = statusFor(reply)): void {
  if (response.headersSent || response.destroyed) return;
  const body = JSON.stringify(reply);
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

/** An error envelope with an explicit HTTP status, for refusals that happen before any call is dispatched. */
export function sendError(response: ServerResponse, status: number, code: ApiErrorCode, message: string): void {
  sendReply(response, { ok: false, error: { code, message } }, status);
}

export function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  response.end(text);
}
