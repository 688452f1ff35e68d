import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Db } from '../db/open-database.js';
import { WriteQueue } from '../db/write-queue.js';
import { type DecodedRequest, type Encoding, type Signal } from './decode-request.js';
import { DecodeThread } from './decode-thread.js';
import { sendPlain, sendRefusal, sendSuccess, type Refusal } from './otlp-responses.js';
import { CacheBusy, refusalFor } from './refusal-for.js';
import { contentEncoding, readOtlpBody, type BodyPace, type ReadBudget } from './read-otlp-body.js';
import { ReceiveSession, type ReceivedRequest, type StoredCounts } from './receive-session.js';

export const DEFAULT_OTLP_PORT = 4318;

export interface OtlpReceiverOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Largest body taken, on the wire and again once decompressed. */
  maxBodyBytes?: number;
  /** Requests being decoded or written (or waiting for the cache) at once; more are told to retry (429). */
  maxInFlight?: number;
  /**
   * Requests whose bodies are being read at once; more are told to retry (429). Reading is not counted in
   * `maxInFlight`, so slow senders cannot take the slots of exporters whose requests have arrived.
   */
  maxReading?: number;
  /** Time to receive a request's headers; past it Node answers 408 and closes the connection. */
  headersTimeoutMs?: number;
  /** Time to receive a whole body, and the slowest average rate it may arrive at after a grace period: else 408. */
  bodyPace?: Partial<BodyPace>;
  /** How long a decoded request waits for the cache while an import or pull holds it, before a 503. */
  writeWaitMs?: number;
  /** The queue every writer on the write connection goes through (imports, pulls); its own when not given. */
  writes?: WriteQueue;
}

/** What one receiver session has taken. `spans`/`logs` count accepted records, duplicates of stored ones included. */
export interface ReceiverCounters {
  spans: number;
  logs: number;
  spansAdded: number;
  logsAdded: number;
  requests: number;
  rejectedRequests: number;
  lastReceivedAt: number | null;
  lastRejection: string | null;
}

const HOST = '127.0.0.1';
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MEDIA_TYPES: Record<string, Encoding> = { 'application/x-protobuf': 'protobuf', 'application/json': 'json' };

const GROUP_WAIT_MS = 10;
/**
 * Bodies: 30 s at most, and at least 64 KiB/s on average once 2 s have passed. An exporter on this machine sends a
 * request of megabytes in milliseconds; a request that trickles is a stuck or hostile sender.
 */
const DEFAULT_BODY_PACE: BodyPace = { timeoutMs: 30_000, minBytesPerSecond: 64 * 1024, graceMs: 2000 };
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/**
 * WAL pages between automatic checkpoints while the receiver runs (SQLite's default is 1,000, about 4 MB). A receiver
 * commits many small transactions whose random-key index pages overlap; checkpointing every few commits rewrote the
 * same pages into the database file (and synced it) again and again. 16,384 pages (64 MB of WAL) measured about 15%
 * less CPU per span; the previous value comes back when the receiver stops.
 */
const RECEIVING_AUTOCHECKPOINT_PAGES = 16_384;

/** A decoded request waiting for its turn on the write connection. */
interface Waiting extends ReceivedRequest {
  resolve: (counts: StoredCounts) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * OTLP/HTTP on 127.0.0.1 (traces and logs; protobuf and JSON; gzip and deflate). Each request is decoded whole, then
 * stored in one transaction on the write connection (see ReceiveSession), then answered: an exporter that got a 200
 * can rely on its data being in the cache, and one that got an error on nothing of it being there.
 *
 * Back-pressure, not queues: at most `maxInFlight` requests are held at once (the rest get 429 with Retry-After), and a
 * request that cannot get the write connection within `writeWaitMs` (a long import holds it) gets 503 with
 * Retry-After. OTLP exporters retry both, so nothing is lost and memory stays bounded.
 */
export class OtlpReceiver {
  readonly counters: ReceiverCounters = {
    spans: 0,
    logs: 0,
    spansAdded: 0,
    logsAdded: 0,
    requests: 0,
    rejectedRequests: 0,
    lastReceivedAt: null,
    lastRejection: null,
  };
  private inFlight = 0;
  private reading = 0;
  private stopped = false;
  private readonly maxBodyBytes: number;
  private readonly maxInFlight: number;
  private readonly maxReading: number;
  private readonly bodyPace: BodyPace;
  /** The bodies being read hold at most as much memory as the requests in flight may: maxInFlight × maxBodyBytes. */
  private readonly readBudget: ReadBudget;
  private readonly writeWaitMs: number;
  private readonly writes: WriteQueue;
  private readonly decoder = new DecodeThread();
  private readonly ready = new Set<Waiting>();
  private readyGrew: (() => void) | null = null;
  private autocheckpointBefore: number | null = null;

  private constructor(
    private readonly db: Db,
    private readonly server: Server,
    private readonly session: ReceiveSession,
    readonly port: number,
    options: OtlpReceiverOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.maxInFlight = options.maxInFlight ?? 8;
    this.maxReading = options.maxReading ?? 64;
    this.bodyPace = { ...DEFAULT_BODY_PACE, ...options.bodyPace };
    this.readBudget = { used: 0, max: this.maxInFlight * this.maxBodyBytes };
    this.writeWaitMs = options.writeWaitMs ?? 2000;
    this.writes = options.writes ?? new WriteQueue();
  }

  /** Requests whose bodies are being read, and those being decoded or stored (the in-flight slots). */
  get pending(): { reading: number; inFlight: number } {
    return { reading: this.reading, inFlight: this.inFlight };
  }

  /** Listens on 127.0.0.1 only; rejects with a readable reason when the port cannot be had. */
  static async start(db: Db, options: OtlpReceiverOptions): Promise<OtlpReceiver> {
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default): often enough for the bounds.
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const bodyTimeout = options.bodyPace?.timeoutMs ?? DEFAULT_BODY_PACE.timeoutMs;
    const server = createServer({
      headersTimeout,
      // A backstop behind the body pace readOtlpBody enforces (which answers first, with the reason).
      requestTimeout: headersTimeout + bodyTimeout + 1000,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(listenFailure(error, options.port))));
      server.listen(options.port, HOST, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const receiver = new OtlpReceiver(db, server, new ReceiveSession(db, `OTLP receiver ${HOST}:${port}`), port, options);
    receiver.autocheckpointBefore = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${RECEIVING_AUTOCHECKPOINT_PAGES}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      receiver.handle(request, response).catch((error: unknown) => {
        sendPlain(response, 500, `receiver error: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    return receiver;
  }

  /** Stops listening, lets requests in progress finish or fail, and closes the session's ledger row. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    // Keep-alive connections that finish a request after this are closed too, at the latest after two seconds.
    const force = setTimeout(() => this.server.closeAllConnections(), 2000);
    await closed;
    clearTimeout(force);
    this.session.close();
    this.restoreAutocheckpoint();
    await this.decoder.close();
  }

  /** Stops at once, dropping open connections (app shutdown, where the write connection closes right after). */
  stopNow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.server.close();
    this.server.closeAllConnections();
    this.session.close();
    this.restoreAutocheckpoint();
    void this.decoder.close();
  }

  private restoreAutocheckpoint(): void {
    if (this.autocheckpointBefore !== null && this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.autocheckpointBefore}`);
    this.autocheckpointBefore = null;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const signal: Signal | null = path === '/v1/traces' ? 'traces' : path === '/v1/logs' ? 'logs' : null;
    if (!isLoopbackHost(request.headers.host)) {
      // A web page that rebinds its own name to 127.0.0.1 must not be able to write into the cache.
      return sendPlain(response, 403, `Host "${request.headers.host ?? ''}" is not this machine's loopback address`);
    }
    if (signal === null) {
      // Like the OpenTelemetry Collector, which routes only the signals it has a pipeline for: metrics are not stored
      // here, and a 404 tells an exporter so plainly instead of a 200 that would pretend they were kept.
      const text = path === '/v1/metrics' ? 'Casefile receives traces and logs, not metrics' : `no OTLP endpoint at ${path}`;
      return sendPlain(response, 404, text);
    }
    if (request.method !== 'POST') return sendPlain(response, 405, 'OTLP/HTTP takes POST only', { Allow: 'POST' });
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const encoding = MEDIA_TYPES[mediaType];
    if (encoding === undefined) {
      const refusal = `unsupported Content-Type "${mediaType}": use application/x-protobuf or application/json`;
      return this.reject(response, () => sendPlain(response, 415, refusal), refusal);
    }
    const compression = contentEncoding(request.headers['content-encoding']);
    if (compression === null) {
      const refusal = `unsupported Content-Encoding "${request.headers['content-encoding']}": use gzip, deflate or none`;
      return this.reject(response, () => sendPlain(response, 415, refusal), refusal);
    }
    if (this.reading >= this.maxReading || this.stopped) {
      return this.busy(response, encoding, `${this.reading} request bodies are being read`);
    }
    let body: Buffer;
    this.reading++;
    try {
      body = await readOtlpBody(request, compression, this.maxBodyBytes, this.bodyPace, this.readBudget);
    } catch (error) {
      return this.refuse(request, response, encoding, error);
    } finally {
      this.reading--;
    }
    // Only a request that has arrived whole takes a slot: the slots bound decoding and writing, not waiting on senders.
    if (this.inFlight >= this.maxInFlight || this.stopped) {
      return this.busy(response, encoding, `${this.inFlight} requests are being decoded or stored`);
    }
    this.inFlight++;
    try {
      await this.receive(body, signal, encoding, response);
    } catch (error) {
      this.refuse(request, response, encoding, error);
    } finally {
      this.inFlight--;
    }
  }

  private busy(response: ServerResponse, encoding: Encoding, why: string): void {
    const refusal: Refusal = { status: this.stopped ? 503 : 429, message: `the receiver is busy (${why}); retry later`, retryAfter: 1 };
    this.reject(response, () => sendRefusal(response, encoding, refusal, true), refusal.message);
  }

  private refuse(request: IncomingMessage, response: ServerResponse, encoding: Encoding, error: unknown): void {
    const refusal = refusalFor(error, this.writeWaitMs);
    const cutOff = refusal.status === 408;
    this.reject(response, () => sendRefusal(response, encoding, refusal, refusal.status === 413 || refusal.status === 429 || cutOff), refusal.message);
    // A sender too slow to finish its body is not drained: the connection goes once the answer is out.
    if (cutOff) response.once('finish', () => request.destroy());
  }

  private async receive(body: Buffer, signal: Signal, encoding: Encoding, response: ServerResponse): Promise<void> {
    const bytes = body.length;
    // The body moves to the decoding thread (it is detached here afterwards).
    const decoded = await this.decoder.decode(signal, encoding, body);
    const stored = await this.storeWhenFree(decoded, bytes);
    const c = this.counters;
    c.requests++;
    c.spans += decoded.spans;
    c.logs += decoded.logs;
    c.spansAdded += stored.spansAdded;
    c.logsAdded += stored.logsAdded;
    if (decoded.spans + decoded.logs > 0) c.lastReceivedAt = Date.now();
    sendSuccess(response, signal, encoding);
  }

  /**
   * Imports and pulls hold a transaction on the same write connection across awaits, so writes take turns through
   * the shared queue. Decoded requests wait in `ready`; one turn stores all that are ready then (ReceiveSession's
   * group commit). A request waits at most `writeWaitMs`; past that it is answered 503 and left out of the turn:
   * the exporter will send it again.
   */
  private storeWhenFree(decoded: DecodedRequest, bytes: number): Promise<StoredCounts> {
    return new Promise<StoredCounts>((resolve, reject) => {
      const waiting: Waiting = { decoded, bytes, resolve, reject, timer: undefined };
      waiting.timer = setTimeout(() => {
        this.ready.delete(waiting);
        reject(new CacheBusy());
      }, this.writeWaitMs);
      this.ready.add(waiting);
      this.readyGrew?.();
      if (this.ready.size === 1) void this.writes.run(() => this.gatherThenStore());
    });
  }

  /**
   * Group commit's wait: a turn taken at once would almost always hold one request, so it waits (at most
   * GROUP_WAIT_MS) while other requests are still being read or decoded and would join it. Each commit saved is
   * a rewrite of the touched index pages saved; the wait is small beside a commit's own time.
   */
  private async gatherThenStore(): Promise<void> {
    const deadline = Date.now() + GROUP_WAIT_MS;
    while (this.ready.size > 0 && this.ready.size < this.inFlight && !this.stopped) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.readyGrew = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.readyGrew = null;
    }
    this.storeReady();
  }

  private storeReady(): void {
    const group = [...this.ready];
    this.ready.clear();
    for (const waiting of group) clearTimeout(waiting.timer);
    // A writer outside the queue (the demo load at startup) may still hold a transaction; never join it.
    if (this.stopped || this.db.inTransaction) {
      for (const waiting of group) waiting.reject(new CacheBusy());
      return;
    }
    const outcomes = this.session.store(group);
    group.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) waiting.reject(outcome);
      else waiting.resolve(outcome);
    });
    // After the answers: the batch is a turn of its own, so no exporter waits for it.
    if (this.session.spanIdsDue) void this.writes.run(() => this.session.indexSpanIdsIfDue());
  }

  private reject(response: ServerResponse, send: () => void, reason: string): void {
    this.counters.requests++;
    this.counters.rejectedRequests++;
    this.counters.lastRejection = reason;
    send();
    // An unread body is drained (and the connection closed by the answer's header) so the client sees the answer.
    if (!response.req.complete && !response.req.destroyed) response.req.resume();
  }
}

function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(name);
}

function listenFailure(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === 'EADDRINUSE') return `port ${port} is already in use (another collector or agent?): choose another port`;
  if (error.code === 'EACCES') return `port ${port} needs privileges this program does not have: choose a port above 1023`;
  return `cannot listen on ${HOST}:${port}: ${error.message}`;
}
