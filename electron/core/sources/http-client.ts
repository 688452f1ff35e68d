import { createWriteStream, openSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { jsonWithBigInts } from '../../../shared/formats/exact-json.js';
import type { SourceConfig, SourceSecrets } from '../../../shared/sources.js';
import { sourceWarnings } from '../../../shared/sources.js';
import { classifyNetworkError, retryAfterMs, snippetOf, statusReason } from './http-errors.js';
import { redactPath, redactSecrets } from './redact.js';
import { secretValues } from './secret-store.js';
import { SourceError } from './source-error.js';

/**
 * One source's HTTP client: base URL join, auth and tenant headers, custom CA / skip-verify, a timeout per attempt
 * combined with the caller's cancel signal, a response size cap, a JSON content check, bounded retries (429 with
 * Retry-After; one retry of a 5xx) and failures classified by stage. Every error is a SourceError naming the source
 * and the request, with secrets redacted.
 *
 * Built on node:http/https rather than fetch: it reports libuv/OpenSSL error codes directly (ENOTFOUND,
 * ECONNREFUSED, CERT_…) and takes a CA per agent without a second copy of undici.
 */
export interface HttpLimits {
  /** Largest decoded response body read into memory; past it the request is aborted (default 256 MiB). */
  maxBytes: number;
  /**
   * Largest body streamed to a file (trace pulls, which the importer then reads span by span): disk, not memory, so
   * a trace of millions of spans can be pulled (default 4 GiB).
   */
  maxFileBytes: number;
  /** Attempts per request, counting the first (default 3). */
  maxTries: number;
  /** Longest single wait a 429's Retry-After may ask for (default 30 s); longer asks fail at once. */
  maxRetryWaitMs: number;
  /** Pause before the one retry of a 5xx (default 500 ms). */
  serverRetryDelayMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = { maxBytes: 256 * 1024 * 1024, maxFileBytes: 4 * 1024 * 1024 * 1024, maxTries: 3, maxRetryWaitMs: 30_000, serverRetryDelayMs: 500 };

export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Query;
  /** A JSON request body (POST). */
  json?: unknown;
  signal?: AbortSignal;
  /** Statuses handed back to the caller instead of thrown (e.g. a 404 that means "no such trace"). */
  passStatuses?: readonly number[];
  /** Extra request headers of this call (e.g. Loki's X-Loki-Response-Encoding-Flags); never secrets. */
  headers?: Record<string, string>;
  /** json(): also hand back the body text, for numbers JSON.parse cannot hold exactly (date_nanos sort values). */
  keepText?: boolean;
  /** json(): reads the body text instead of JSON.parse (a faster reader of one known shape); throws on malformed text. */
  parse?: (text: string) => unknown;
}

export interface JsonResponse {
  status: number;
  /** Parsed JSON; null for a passed status whose body was not JSON. */
  body: unknown;
  /** For a passed status: the body as text (its first MiB); with `keepText`, the whole body; empty otherwise. */
  text: string;
  bytes: number;
  request: string;
}

export interface FileResponse {
  status: number;
  /** For a passed status, its size; for a 2xx answer, 0: the body is still arriving (see `complete`). */
  bytes: number;
  request: string;
  /** For a passed status: its body as JSON, or null. */
  body: unknown;
  /** For a passed status: the body as text (its first MiB); empty otherwise. */
  text: string;
  /**
   * Resolves with the body's size once all of it is in the file; rejects with the SourceError that cut it short.
   * A 2xx answer is handed back as soon as its first bytes passed the JSON check, while the body still streams to
   * the file, so it can be parsed as it arrives (a pulled trace shows before its download ends).
   */
  complete: Promise<number>;
}

const PASSED_BODY_LIMIT = 1024 * 1024;

export class SourceHttpClient {
  readonly warnings: string[];
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  readonly limits: HttpLimits;

  constructor(
    readonly config: SourceConfig,
    secrets: SourceSecrets | null,
    limits: Partial<HttpLimits> = {},
    /** Told of each response's size as it arrives, for progress. */
    private readonly onBytes: (bytes: number) => void = () => undefined,
    /** Told of each attempt (retries count), for progress. */
    private readonly onRequest: () => void = () => undefined,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.base = new URL(config.url.endsWith('/') ? config.url : `${config.url}/`);
    this.secrets = secretValues(config, secrets);
    this.warnings = sourceWarnings(config);
    this.headers = requestHeaders(config, secrets);
    this.agent = this.base.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...tlsOptions(config) }) : new http.Agent({ keepAlive: true });
  }

  /** "GET /api/traces?service=x" with credentials masked: how every message names a request. */
  describe(method: string, path: string, query?: Query): string {
    const url = this.urlFor(path, query);
    return `${method} ${redactPath(`${url.pathname}${url.search}`, this.secrets)}`;
  }

  /** Removes this source's secrets from any text (e.g. a server's error body). */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  error(stage: SourceError['stage'], request: string | null, reason: string, status: number | null = null): SourceError {
    return new SourceError(this.config.name, stage, request, this.redact(reason), status);
  }

  async json(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
    return this.send(path, options, async (body, request, signal) => {
      const chunks: Buffer[] = [];
      const bytes = await this.drainInto(body, request, signal, (chunk) => chunks.push(chunk), this.limits.maxBytes);
      const text = Buffer.concat(chunks).toString('utf8');
      return { status: 200, body: this.parseJson(text, request, options.parse), text: options.keepText ? text : '', bytes, request };
    });
  }

  /** Streams the body to `file` (big trace responses, parsed on the importer's worker as they arrive): see `complete`. */
  async download(path: string, file: string, options: RequestOptions = {}): Promise<FileResponse> {
    const response = await this.send<Omit<FileResponse, 'complete'> & { complete?: Promise<number> }>(path, options, async (body, request, signal) => {
      let bytes = 0;
      const counter = new Transform({
        transform: (chunk: Buffer, _encoding, done) => {
          bytes += chunk.length;
          this.onBytes(chunk.length);
          if (bytes > this.limits.maxFileBytes) done(this.tooLarge(request, this.limits.maxFileBytes));
          else done(null, chunk);
        },
      });
      // Opened here, not by the stream: the file exists once this returns, for a reader that follows it as it grows.
      let fd: number;
      try {
        fd = openSync(file, 'w');
      } catch (error) {
        body.destroy();
        throw error;
      }
      const complete = pipeline(body, counter, createWriteStream(file, { fd }), { signal }).then(
        () => bytes,
        (error: unknown) => {
          throw this.bodyError(error, request, signal, bytes);
        },
      );
      // Whoever parses the file waits on it; a pull that fails before then must not leave the rejection unheard.
      complete.catch(() => undefined);
      return { status: 200, bytes: 0, request, body: null, text: '', complete };
    }, this.limits.maxFileBytes);
    return { ...response, complete: response.complete ?? Promise.resolve(response.bytes) };
  }

  close(): void {
    this.agent.destroy();
  }

  private urlFor(path: string, query?: Query): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** The retry loop: 429 waits as told (bounded), a 5xx is retried once, anything else non-2xx is an error. */
  private async send<T extends Omit<JsonResponse, 'body'> & { body: unknown }>(
    path: string,
    options: RequestOptions,
    consume: (body: Readable, request: string, signal: AbortSignal) => Promise<T>,
    /** The largest body this call may read (`maxFileBytes` when it goes to a file). */
    limit = this.limits.maxBytes,
  ): Promise<T> {
    const method = options.method ?? 'GET';
    const url = this.urlFor(path, options.query);
    const request = this.describe(method, path, options.query);
    let serverRetried = false;
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw this.error('cancelled', request, 'cancelled');
      this.onRequest();
      const timeout = AbortSignal.timeout(this.config.timeoutMs);
      const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
      const response = await this.open(url, method, options.json, signal, request, options.headers);
      const status = response.statusCode ?? 0;
      const body = decoded(response);
      if (status >= 200 && status < 300) {
        const first = await this.checkJson(response, body, request, signal, limit);
        const result = await consume(first, request, signal);
        return { ...result, status };
      }
      const text = await this.readSmall(body, request, signal);
      if (options.passStatuses?.includes(status)) {
        return { status, body: tryJson(text), text, bytes: text.length, request } as T;
      }
      const reason = statusReason(status, response.statusMessage ?? '', this.redact(snippetOf(text)));
      if (status === 429 && attempt < this.limits.maxTries) {
        const asked = retryAfterMs(response.headers['retry-after']);
        if (asked !== null && asked > this.limits.maxRetryWaitMs) {
          throw this.error('rate-limited', request, `${reason.reason}; it asks to wait ${Math.ceil(asked / 1000)} s, longer than the ${this.limits.maxRetryWaitMs / 1000} s Casefile waits; try again later`, status);
        }
        await this.pause(asked ?? 1000 * attempt, options.signal, request);
        continue;
      }
      if (status === 429) {
        throw this.error('rate-limited', request, `${reason.reason}; still refused after ${attempt} tries; try again later`, status);
      }
      if (status >= 500 && !serverRetried && attempt < this.limits.maxTries) {
        serverRetried = true;
        await this.pause(this.limits.serverRetryDelayMs, options.signal, request);
        continue;
      }
      throw this.error(reason.stage, request, reason.reason, status);
    }
  }

  private open(url: URL, method: string, json: unknown, signal: AbortSignal, request: string, extra: Record<string, string> = {}): Promise<IncomingMessage> {
    // BigInt values (exact date_nanos search_after) go out as plain integers.
    const payload = json === undefined ? undefined : Buffer.from(jsonWithBigInts(json));
    const base = { ...extra, ...this.headers };
    const headers = payload === undefined ? base : { ...base, 'Content-Type': 'application/json', 'Content-Length': String(payload.length) };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent, signal }, resolve);
      req.on('error', (error) => reject(this.failure(error, request, signal, url.host)));
      req.end(payload);
    });
  }

  private failure(error: unknown, request: string, signal: AbortSignal, host: string): SourceError {
    if (error instanceof SourceError) return error;
    if (signal.aborted) {
      const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
      return timedOut
        ? this.error('timeout', request, `no complete answer within ${this.config.timeoutMs} ms (the source's timeout)`)
        : this.error('cancelled', request, 'cancelled');
    }
    const { stage, reason } = classifyNetworkError(error, host);
    return this.error(stage, request, reason);
  }

  /** Peeks at the first bytes: JSON is expected; an HTML page (a login or proxy page) is named as such. */
  private async checkJson(response: IncomingMessage, body: Readable, request: string, signal: AbortSignal, limit: number): Promise<Readable> {
    const type = String(response.headers['content-type'] ?? '').toLowerCase();
    const length = Number(response.headers['content-length'] ?? NaN);
    if (length > limit && !response.headers['content-encoding']) throw this.tooLarge(request, limit);
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let first: IteratorResult<Buffer>;
    try {
      first = await iterator.next();
    } catch (error) {
      throw this.bodyError(error, request, signal, 0);
    }
    const head = first.done ? '' : first.value.subarray(0, 512).toString('utf8').trimStart();
    const looksJson = head.startsWith('{') || head.startsWith('[');
    if (type.includes('html') || head.startsWith('<')) {
      body.destroy();
      throw this.error('response', request, `answered with an HTML page (${snippetOf(head, 120)}) instead of JSON: a login page or a proxy in front of the API? check the URL and auth`);
    }
    if (!looksJson) {
      body.destroy();
      const what = first.done ? 'an empty body' : `${type || 'content of no declared type'} (${snippetOf(head, 120)})`;
      throw this.error('response', request, `answered with ${what} instead of JSON`);
    }
    async function* replay(): AsyncGenerator<Buffer> {
      if (!first.done) yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }
    return Readable.from(replay(), { objectMode: false });
  }

  private async drainInto(body: Readable, request: string, signal: AbortSignal, take: (chunk: Buffer) => void, cap: number): Promise<number> {
    let bytes = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        this.onBytes(chunk.length);
        if (bytes > cap) {
          body.destroy();
          throw this.tooLarge(request);
        }
        take(chunk);
      }
    } catch (error) {
      throw this.bodyError(error, request, signal, bytes);
    }
    return bytes;
  }

  private async readSmall(body: Readable, request: string, signal: AbortSignal): Promise<string> {
    const chunks: Buffer[] = [];
    let kept = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (kept < PASSED_BODY_LIMIT) chunks.push(chunk);
        kept += chunk.length;
      }
    } catch (error) {
      throw this.bodyError(error, request, signal, kept);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private bodyError(error: unknown, request: string, signal: AbortSignal, bytes: number): SourceError {
    if (error instanceof SourceError) return error;
    if (signal.aborted) return this.failure(error, request, signal, this.base.host);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted') {
      return this.error('response', request, `the response was cut off after ${bytes} bytes (the connection closed before the end)`);
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return this.error('response', request, `the gzip-encoded response is corrupt or truncated (${code})`);
    return this.error('response', request, `reading the response failed: ${(error as Error).message}`);
  }

  private tooLarge(request: string, limit = this.limits.maxBytes): SourceError {
    const mib = Math.round(limit / (1024 * 1024));
    return this.error('too-large', request, `the response is larger than ${mib} MiB, the most Casefile reads in one answer; narrow the query (time range, limit)`);
  }

  private parseJson(text: string, request: string, parse: (text: string) => unknown = JSON.parse): unknown {
    try {
      return parse(text);
    } catch (error) {
      throw this.error('response', request, `the response is not valid JSON (${(error as Error).message}); it may be truncated`);
    }
  }

  private async pause(ms: number, signal: AbortSignal | undefined, request: string): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw this.error('cancelled', request, 'cancelled');
    }
  }
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  return encoding === 'gzip' || encoding === 'x-gzip' ? response.pipe(createGunzip()) : response;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function requestHeaders(config: SourceConfig, secrets: SourceSecrets | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'gzip', 'User-Agent': 'Casefile' };
  const auth = config.auth;
  if (auth.type === 'bearer' && secrets?.token !== undefined) headers.Authorization = `Bearer ${secrets.token}`;
  if (auth.type === 'basic' && secrets?.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${secrets.password}`).toString('base64')}`;
  }
  if (auth.type === 'headers') {
    for (const name of auth.names) {
      const value = secrets?.headers?.[name];
      if (value !== undefined) headers[name] = value;
    }
  }
  if (config.tenant !== undefined) headers['X-Scope-OrgID'] = config.tenant;
  return headers;
}

function tlsOptions(config: SourceConfig): https.AgentOptions {
  const options: https.AgentOptions = { rejectUnauthorized: !config.tls.skipVerify };
  if (config.tls.caFile !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(config.tls.caFile, 'utf8');
    } catch (error) {
      throw new SourceError(config.name, 'config', null, `cannot read the CA file ${config.tls.caFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    // `ca` replaces Node's trusted roots; keep them so a public certificate still verifies beside the private CA.
    options.ca = [...rootCertificates, pem];
  }
  return options;
}
