import type { Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorCode } from '../../../shared/contract-kit.js';
import type { Db } from '../db/open-database.js';
import { startWorker } from '../workers/start-worker.js';
import { READ_CALLS, type ReadCallName, type ReadCalls, type ReadReply, type ReadRequest } from './read-calls.js';

export interface ReadThreadOptions {
  /** Below this many spans cached, reads run in process: they take milliseconds, and a thread costs its start. */
  minSpans: number;
  /** An idle thread stops after this long (and starts again on the next read). */
  idleMs: number;
}

const DEFAULTS: ReadThreadOptions = { minSpans: 200_000, idleMs: 30_000 };

type Input<N extends ReadCallName> = Parameters<ReadCalls[N]>[1];
type Output<N extends ReadCallName> = ReturnType<ReadCalls[N]>;

/**
 * Runs the slow reads (read-calls.ts) on a thread of its own with its own read-only connection (issue 10: no call
 * blocks the others). The API thread answers every call in turn; a service graph over a million spans took it
 * 4.7 s, during which the traces list, the header's counts and the rows of an open waterfall waited. Both
 * connections read the last committed state, so the answers are the same wherever they run. An in-memory cache
 * cannot be opened from another thread and a small one is not worth it: those run in process.
 */
export class ReadThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private idle: NodeJS.Timeout | null = null;
  private readonly options: ReadThreadOptions;

  constructor(
    private readonly db: Db,
    private readonly databasePath: string,
    options: Partial<ReadThreadOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async run<N extends ReadCallName>(name: N, input: Input<N>): Promise<Output<N>> {
    if (!this.worthAThread()) return (READ_CALLS[name] as (db: Db, input: Input<N>) => Output<N>)(this.db, input);
    const worker = this.start();
    const id = this.nextId++;
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    worker.ref(); // a command-line call waiting on the thread must keep the process alive
    return new Promise<Output<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, name, input } satisfies ReadRequest);
    });
  }

  close(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    this.stop(new Error('the read thread was closed'));
  }

  private worthAThread(): boolean {
    if (this.databasePath === ':memory:' || this.options.minSpans === Infinity) return false;
    const rows = this.db.prepare('SELECT max(rowid) FROM spans').pluck().get() as number | null;
    return (rows ?? 0) >= this.options.minSpans;
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startReadWorker(this.databasePath);
    // Only this worker's own end matters: one stopped while idle exits after a new one may have started.
    const ended = (error: Error) => this.worker === worker && this.stop(error);
    worker.on('message', (reply: ReadReply) => this.settle(reply));
    worker.on('error', (error) => ended(new Error(`the read thread failed: ${error.message}`)));
    worker.on('exit', (code) => ended(new Error(`the read thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: ReadReply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (waiting !== undefined) {
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(reply.code === null ? new Error(reply.message) : new ApiError(reply.code as ApiErrorCode, reply.message));
    }
    if (this.pending.size === 0 && this.worker !== null) {
      this.worker.unref();
      this.idle = setTimeout(() => this.stop(null), this.options.idleMs).unref();
    }
  }

  /** Ends the thread; calls still waiting fail with `error`. */
  private stop(error: Error | null): void {
    const worker = this.worker;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(error ?? new Error('the read thread stopped'));
    this.pending.clear();
    if (worker !== null) void worker.terminate();
  }
}

function startReadWorker(databasePath: string): Worker {
  return startWorker(new URL('./read-worker.cjs', import.meta.url), new URL('./read-worker.ts', import.meta.url), { workerData: { databasePath } });
}
