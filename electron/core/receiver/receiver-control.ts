import type { ReceiverStatus } from '../../../shared/contract/receiver-calls.js';
import type { Db } from '../db/open-database.js';
import { DEFAULT_OTLP_PORT, OtlpReceiver, type OtlpReceiverOptions } from './otlp-receiver.js';

/**
 * Owns the receiver's lifecycle for the app: off by default, switched on and off (and moved to another port) from
 * the UI or `casefile serve --otlp`. Changes are serialised, so two quick clicks cannot start two servers. The
 * setting is not remembered across launches: an open port should always be a choice made in this session.
 */
export class ReceiverControl {
  private receiver: OtlpReceiver | null = null;
  private port: number;
  private error: string | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: Omit<OtlpReceiverOptions, 'port'> & { port?: number } = {},
  ) {
    this.port = options.port ?? DEFAULT_OTLP_PORT;
  }

  status(): ReceiverStatus {
    const c = this.receiver?.counters;
    return {
      enabled: this.receiver !== null,
      port: this.receiver?.port ?? this.port,
      spans: c?.spans ?? 0,
      logs: c?.logs ?? 0,
      lastReceivedAt: c?.lastReceivedAt ?? null,
      error: this.error,
      requests: c?.requests ?? 0,
      rejectedRequests: c?.rejectedRequests ?? 0,
      lastRejection: c?.lastRejection ?? null,
    };
  }

  /** Switches the receiver on or off. Failing to listen is reported in `error`, not thrown: the UI shows it. */
  set(request: { enabled: boolean; port?: number }): Promise<ReceiverStatus> {
    const next = this.pending.then(() => this.apply(request));
    this.pending = next.catch(() => undefined);
    return next;
  }

  /** Stops the receiver synchronously (app shutdown: the write connection closes right after). */
  stopNow(): void {
    this.receiver?.stopNow();
    this.receiver = null;
  }

  private async apply({ enabled, port }: { enabled: boolean; port?: number }): Promise<ReceiverStatus> {
    const wanted = port ?? this.receiver?.port ?? this.port;
    const running = this.receiver;
    if (running !== null && (!enabled || running.port !== wanted)) {
      this.receiver = null;
      await running.stop();
    }
    this.port = wanted;
    this.error = null;
    if (enabled && this.receiver === null) {
      try {
        this.receiver = await OtlpReceiver.start(this.db, { ...this.options, port: wanted });
      } catch (error) {
        this.error = (error as Error).message;
      }
    }
    return this.status();
  }
}
