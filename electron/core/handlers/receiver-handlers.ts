import type { receiverCalls } from '../../../shared/contract/receiver-calls.js';
import type { Handlers } from '../../../shared/contract-kit.js';
import type { HandlerContext } from './handler-context.js';

/** The OTLP receiver calls (shared/contract/receiver-calls.ts). */
export function receiverHandlers(ctx: HandlerContext): Handlers<typeof receiverCalls> {
  return {
    receiverStatus: () => ctx.receiver.status(),
    setReceiver: (input) => ctx.receiver.set(input),
  };
}
