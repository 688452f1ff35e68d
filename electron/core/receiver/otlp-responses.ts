import type { ServerResponse } from 'node:http';
import type { Encoding, Signal } from './decode-request.js';
import { ExportLogsServiceResponse, ExportTraceServiceResponse, RPC_CODE, RpcStatus } from './otlp-schema.js';

/**
 * OTLP/HTTP answers (opentelemetry-proto docs/specification.md, "OTLP/HTTP Response"): success is 200 with an
 * Export<Signal>ServiceResponse and errors carry a google.rpc.Status, both in the encoding of the request. 429 and
 * 503 are the retryable refusals and say when to come back in Retry-After.
 */

const CONTENT_TYPE: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/**
 * Every request is stored whole or refused whole, so `partial_success` is never set: the spec reserves it for a
 * server that kept some records and dropped others, and says to leave it unset when everything was accepted.
 */
export function sendSuccess(response: ServerResponse, signal: Signal, encoding: Encoding): void {
  const type = signal === 'traces' ? ExportTraceServiceResponse : ExportLogsServiceResponse;
  const body = encoding === 'protobuf' ? Buffer.from(type.encode(type.create({})).finish()) : Buffer.from('{}');
  send(response, 200, CONTENT_TYPE[encoding], body);
}

export interface Refusal {
  status: 400 | 408 | 413 | 429 | 503;
  message: string;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
}

const RPC_CODE_BY_STATUS = {
  400: RPC_CODE.invalidArgument,
  408: RPC_CODE.deadlineExceeded,
  413: RPC_CODE.invalidArgument,
  429: RPC_CODE.resourceExhausted,
  503: RPC_CODE.unavailable,
} as const;

/** A refusal with a google.rpc.Status body in the request's encoding. */
export function sendRefusal(response: ServerResponse, encoding: Encoding, refusal: Refusal, closeConnection = false): void {
  const status = { code: RPC_CODE_BY_STATUS[refusal.status], message: refusal.message };
  const body =
    encoding === 'protobuf' ? Buffer.from(RpcStatus.encode(RpcStatus.create(status)).finish()) : Buffer.from(JSON.stringify(status));
  const extra: Record<string, string> = {};
  if (refusal.retryAfter !== undefined) extra['Retry-After'] = String(refusal.retryAfter);
  // A body that was refused unread is still on its way; closing the connection stops the client sending it.
  if (closeConnection) extra.Connection = 'close';
  send(response, refusal.status, CONTENT_TYPE[encoding], body, extra);
}

/** For refusals made before the request's encoding is known (wrong path, method or content type). */
export function sendPlain(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  send(response, status, 'text/plain; charset=utf-8', Buffer.from(text), extra);
}

function send(response: ServerResponse, status: number, type: string, body: Buffer, extra: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'X-Content-Type-Options': 'nosniff', ...extra });
  response.end(body);
}
