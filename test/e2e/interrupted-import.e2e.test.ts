import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { startLoad } from '../../electron/core/queries/loads.js';
import { E2E_TIMEOUT_MS, startWorkbenchSession, type WorkbenchSession } from './workbench-session.js';

/** The pid of a process that has ended: the owner of an import killed mid-way. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('an import interrupted by a killed process, in the Loaded list', { timeout: E2E_TIMEOUT_MS }, () => {
  let session: WorkbenchSession;

  beforeAll(async () => {
    const pid = await deadPid();
    session = await startWorkbenchSession({
      loadDemo: true,
      // The ledger as a `casefile import` killed with SIGKILL leaves it: its row committed as running, nothing else.
      seed: (databasePath) => {
        const db = openDatabase(databasePath);
        const id = startLoad(db, { kind: 'import', target: '/data/incident/orders-2026-12-01.otlp.ndjson' });
        db.prepare('UPDATE loads SET owner_pid = ? WHERE id = ?').run(pid, id);
        db.close();
      },
    });
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
  });

  it('shows the killed import as interrupted, with what to do, beside the loads that finished', async () => {
    const { workbench, server, core } = session;
    expect(core.interrupted.map((l) => l.target)).toEqual(['/data/incident/orders-2026-12-01.otlp.ndjson']);
    await workbench.open(server.url);
    await workbench.waitForServicesLoaded();
    const interrupted = workbench.loadEntries('interrupted');
    await interrupted.waitFor();
    expect(await interrupted.count()).toBe(1);
    expect(await interrupted.textContent()).toBe('orders-2026-12-01.otlp.ndjsoninterrupted: import the file again to finish');
    expect(await interrupted.getAttribute('title')).toMatch(/^interrupted: the Casefile process \(pid \d+\) ended before the import finished/);
    expect(await workbench.loadEntries('done').count()).toBe(1);
    await workbench.screenshot('60-interrupted-import');
  });

  it('raised no errors in the page', () => {
    expect(session.browserErrors).toEqual([]);
  });
});
