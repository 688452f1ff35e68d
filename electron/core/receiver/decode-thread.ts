import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker.js';
import { MalformedRequest, type DecodedRequest, type Encoding, type Signal } from './decode-request.js';

export interface DecodeTask {
  id: number;
  signal: Signal;
  encoding: Encoding;
  body: Uint8Array;
}

export type DecodeReply =
  | { id: number; ok: true; decoded: DecodedRequest }
  | { id: number; ok: false; malformed: boolean; message: string };

/**
 * One decoding thread for a receiver (decode-worker.ts), started on first use. Requests are decoded in the order
 * they arrive while the receiver's thread inserts the previous one, so decoding and writing overlap on two cores.
 * In the packaged app the build bundles the thread as otlp-decode-worker.cjs beside the main bundle; from the sources
 * it registers tsx first (loader hooks of the parent thread do not reach workers on Node 20).
 */
export class DecodeThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (d: DecodedRequest) => void; reject: (e: Error) => void }>();

  decode(signal: Signal, encoding: Encoding, body: Buffer): Promise<DecodedRequest> {
    const worker = this.start();
    const id = this.nextId++;
    // A body that owns its whole memory is moved, not copied; small pooled buffers share theirs, so they are copied.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    const bytes = owned ? new Uint8Array(body.buffer, 0, body.byteLength) : new Uint8Array(body);
    return new Promise<DecodedRequest>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, signal, encoding, body: bytes } satisfies DecodeTask, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startDecodeWorker();
    worker.on('message', (reply: DecodeReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      // An idle decoder never keeps the process alive.
      if (this.pending.size === 0) worker.unref();
      if (waiting === undefined) return;
      if (reply.ok) waiting.resolve(reply.decoded);
      else waiting.reject(reply.malformed ? new MalformedRequest(reply.message) : new Error(reply.message));
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the decoding thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** A crashed thread fails what it was decoding; the next request starts a new one. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/**
 * Decoding allocates a short-lived object per attribute and value (protobufjs messages, then records, then rows):
 * with V8's default young generation much of the thread's time went to scavenges. A larger one lets that garbage
 * die in fewer, cheaper collections: 96 MB took the thread's CPU per span from 4.4–5.0 µs to 3.6–3.7 µs, for up to
 * that much more memory while the receiver runs.
 */
const DECODE_LIMITS = { maxYoungGenerationSizeMb: 96 };

function startDecodeWorker(): Worker {
  return startWorker(new URL('./otlp-decode-worker.cjs', import.meta.url), new URL('./decode-worker.ts', import.meta.url), { resourceLimits: DECODE_LIMITS });
}
