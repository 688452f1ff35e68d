import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_TIMEOUT_MS, repoRoot, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

const otlpFixture = path.resolve(repoRoot, 'fixtures/upstream/otlp-json/otel-proto__examples_trace.json');

describe('workbench on an empty cache, in browser mode against the real core and web server', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;

  beforeAll(async () => {
    session = await startWorkbenchSession({ loadDemo: false, colorScheme: 'light' });
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('tells the user how to get data in', async () => {
    const { workbench, server } = session;
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    expect(await workbench.serviceNames()).toEqual([]);
    expect(await workbench.emptyServicesMessage().textContent()).toContain('Import files');
    // No saved choice yet, so the OS preference (light here) decides.
    expect(await workbench.currentTheme()).toBe('light');
    await workbench.screenshot('20-empty-light');
  });

  it('shows the drop overlay while files are dragged over the window, and imports what is dropped', async () => {
    const { workbench } = session;
    const fileName = path.basename(otlpFixture);
    const content = readFileSync(otlpFixture, 'utf8');
    await workbench.dragFileOver(fileName, content);
    await workbench.dropOverlay().waitFor();
    expect(await workbench.dropOverlay().textContent()).toBe('Drop trace or log files to import');
    await workbench.screenshot('21-drop-overlay');
    await workbench.dropFile(fileName, content);
    await workbench.dropOverlay().waitFor({ state: 'detached' });
    expect(await workbench.waitForImportEnd(fileName)).toBe('done');
    await workbench.serviceItem('my.service').waitFor();
    await workbench.screenshot('22-dropped-import');
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
