import { describe, expect, it, vi } from 'vitest';
import type { ServiceSummary } from '../../shared/api-types.js';
import { ipcChannel } from '../../shared/bridge.js';
import { callNames, type Handlers, type Reply } from '../../shared/contract-kit.js';
import { api, type Api } from '../../shared/contract.js';
import { fakeHandlers } from '../../shared/fake-handlers.js';
import { isAppUrl } from './app-protocol.js';
import { registerIpcHandlers, type IpcCallHandler, type InvokeEvent } from './ipc.js';

/** Records what main registers, as Electron's ipcMain would, so calls can be made through it. */
function fakeIpcMain() {
  const registered = new Map<string, IpcCallHandler>();
  return {
    registered,
    handle(channel: string, listener: IpcCallHandler) {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
  };
}

function setUp(overrides: Partial<Handlers<Api>>) {
  const ipcMain = fakeIpcMain();
  registerIpcHandlers(ipcMain, fakeHandlers(api, overrides), isAppUrl);
  const invoke = (name: string, input: unknown, event: InvokeEvent = fromApp): Promise<Reply> => {
    const handler = ipcMain.registered.get(ipcChannel(name));
    if (!handler) throw new Error(`no handler for ${name}`);
    return handler(event, input);
  };
  return { ipcMain, invoke };
}

const fromApp: InvokeEvent = { senderFrame: { url: 'app://casefile/index.html?view=trace' } };
const SERVICE: ServiceSummary = {
  name: 'cart',
  spanCount: 1,
  errorCount: 0,
  traceCount: 1,
  logCount: 0,
  firstNs: null,
  lastNs: null,
};

describe('IPC handlers', () => {
  it('registers exactly one casefile: channel per call in the table', () => {
    const { ipcMain } = setUp({});

    expect([...ipcMain.registered.keys()].sort()).toEqual(callNames(api).map((name) => `casefile:${name}`).sort());
  });

  it("returns the handler's value for a valid call from the app", async () => {
    const listServices = vi.fn(() => [SERVICE]);
    const { invoke } = setUp({ listServices });

    await expect(invoke('listServices', { endNs: '10' })).resolves.toEqual({ ok: true, value: [SERVICE] });
    expect(listServices).toHaveBeenCalledWith({ endNs: '10' });
  });

  it('refuses invalid input with invalid-input before the handler runs', async () => {
    const getTrace = vi.fn();
    const { invoke } = setUp({ getTrace });

    const reply = await invoke('getTrace', { traceId: 42 });

    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('traceId') } });
    expect(getTrace).not.toHaveBeenCalled();
  });

  it.each<[string, InvokeEvent]>([
    ['a remote page', { senderFrame: { url: 'https://evil.example/' } }],
    ['a local file', { senderFrame: { url: 'file:///tmp/index.html' } }],
    ['a look-alike host', { senderFrame: { url: 'app://casefile.evil/index.html' } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses a call from %s with forbidden', async (_label, event) => {
    const listServices = vi.fn(() => [SERVICE]);
    const { invoke } = setUp({ listServices });

    await expect(invoke('listServices', {}, event)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(listServices).not.toHaveBeenCalled();
  });
});
