import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCheckout } from '../otel-sdk.js';
import { ReceiverPage } from './receiver-page.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** A port nothing listens on now; `keep` leaves a server on it (to make the port busy). */
async function loopbackPort(keep = false): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  if (!keep) await new Promise<void>((resolve) => server.close(() => resolve()));
  return { port, server };
}

describe('OTLP receiver switched on in the UI, fed by the OpenTelemetry SDK', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;
  let receiver: ReceiverPage;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: false });
    receiver = new ReceiverPage(session.page);
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('is off by default; switched on, what the SDK sends appears in the views without reloading', async () => {
    const { workbench, server, core } = session;
    // The default port (4318) may be taken on a developer's machine; point the receiver at a free one first.
    const { port } = await loopbackPort();
    expect(await core.handlers.setReceiver({ enabled: false, port })).toMatchObject({ enabled: false, port });
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    await receiver.waitForEnabled(false);
    expect(await receiver.buttonText()).toBe('OTLP off');

    await receiver.click();
    await receiver.waitForEnabled(true);
    expect(await receiver.buttonText()).toBe(`OTLP :${port}`);
    await workbench.screenshot('60-receiver-on-empty');

    const sent = await sendCheckout(`http://127.0.0.1:${port}`, { protocol: 'proto', gzip: true }, 'checkout-live', 1_760_000_000);
    await workbench.serviceItem('checkout-live').waitFor();
    await session.page.locator('[data-testid="receiver-counts"]', { hasText: `${sent.spans.length} spans · ${sent.logs.length} logs` }).waitFor();
    await workbench.screenshot('61-receiver-received');

    await receiver.click();
    await receiver.waitForEnabled(false);
    expect(core.receiver.status()).toMatchObject({ enabled: false });
  });

  it('says so when the port is taken, and starts on another port typed in', async () => {
    const { workbench, core } = session;
    const busy = await loopbackPort(true);
    try {
      await core.handlers.setReceiver({ enabled: false, port: busy.port });
      await receiver.click();
      await receiver.error().waitFor();
      expect(await receiver.error().textContent()).toContain(`port ${busy.port} is already in use`);
      await workbench.screenshot('62-receiver-port-taken');
      const free = await loopbackPort();
      await receiver.typePort(free.port);
      await receiver.click();
      await receiver.waitForEnabled(true);
      expect(await receiver.buttonText()).toBe(`OTLP :${free.port}`);
    } finally {
      busy.server.close();
    }
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
