import { ipcChannel } from '../../shared/bridge.js';
import { callNames, dispatch, type Handlers, type Reply } from '../../shared/contract-kit.js';
import { api, type Api } from '../../shared/contract.js';

/** The part of Electron's IpcMainInvokeEvent we read; the real event satisfies it, and tests pass plain objects. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export type IpcCallHandler = (event: InvokeEvent, input?: unknown) => Promise<Reply>;

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcCallHandler): void;
}

const FORBIDDEN: Reply = { ok: false, error: { code: 'forbidden', message: 'IPC from a frame outside the app is refused' } };

/**
 * One handler per call in the table, keyed by channel. Each refuses senders outside our app origin (a frame that
 * navigated elsewhere or an injected iframe) and validates input through dispatch, so a compromised page gets no
 * further than a typed, checked call.
 */
export function buildIpcHandlerTable(
  handlers: Handlers<Api>,
  isTrustedSender: (frameUrl: string) => boolean,
): Map<string, IpcCallHandler> {
  const table = new Map<string, IpcCallHandler>();
  for (const name of callNames(api)) {
    table.set(ipcChannel(name), async (event, input) => {
      // senderFrame is null once the frame has navigated away or been destroyed: nobody left to trust.
      const frameUrl = event.senderFrame?.url;
      if (frameUrl === undefined || !isTrustedSender(frameUrl)) return FORBIDDEN;
      return dispatch(api, handlers, name, input);
    });
  }
  return table;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers<Api>,
  isTrustedSender: (frameUrl: string) => boolean,
): void {
  for (const [channel, handler] of buildIpcHandlerTable(handlers, isTrustedSender)) ipcMain.handle(channel, handler);
}
