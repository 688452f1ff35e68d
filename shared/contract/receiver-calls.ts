import { z } from 'zod';
import { call } from '../contract-kit.js';

/** The OTLP/HTTP receiver as the UI sees it. Counts are for the current session (since it was last switched on). */
export interface ReceiverStatus {
  enabled: boolean;
  /** The port it listens on (or would, when off) on 127.0.0.1. */
  port: number;
  /** Spans and logs accepted (stored, or already in the cache). */
  spans: number;
  logs: number;
  /** Epoch milliseconds of the last request that carried data. */
  lastReceivedAt: number | null;
  /** Why the receiver is not running although it was asked to (e.g. the port is taken); null otherwise. */
  error: string | null;
  requests: number;
  rejectedRequests: number;
  /** Why the last refused request was refused. */
  lastRejection: string | null;
}

/** Calls that switch the OTLP receiver on and off and report what it took. */
export const receiverCalls = {
  receiverStatus: call(z.object({})).returns<ReceiverStatus>(),

  /** Switches the receiver on (optionally on another port) or off; answers with the status after the change. */
  setReceiver: call(z.object({ enabled: z.boolean(), port: z.number().int().min(1).max(65535).optional() })).returns<ReceiverStatus>(),
};
