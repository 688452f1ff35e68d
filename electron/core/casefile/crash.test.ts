import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { JournalStore } from './journal-store.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { saveCasefile } from './save-casefile.js';

const CHILD = fileURLToPath(new URL('./test-support/crash-child.ts', import.meta.url));

/** Runs the child until it has printed `lines` lines (plus a random extra moment), then kills it with SIGKILL. */
function runAndKill(args: string[], lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const seen: string[] = [];
    let buffer = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      seen.push(...parts);
      if (seen.length >= lines && !killing) {
        killing = true;
        // A random moment inside the next write.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child ended without being killed: ${stderr}`))));
  });
}

describe('kill -9 during autosave and during Save As', { timeout: 120_000 }, () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    cache.db.pragma('wal_checkpoint(TRUNCATE)');
  });
  afterAll(() => cache.dispose());

  it('the journal passes integrity_check and keeps every step it reported, losing at most the one being written', async () => {
    const path = join(cache.dir, 'investigation.journal');
    for (let round = 0; round < 3; round++) {
      const reported = await runAndKill(['journal', path], 50 + round * 25);
      const db = new Database(path);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      const left = JournalStore.leftOver(path);
      const lastReported = Number(reported.at(-1));
      // Every step reported as committed is there; at most one more (committed but not yet printed).
      expect(left!.steps).toBeGreaterThanOrEqual(lastReported);
      expect(left!.steps).toBeLessThanOrEqual(lastReported + 1);
    }
  });

  it('Save As over an existing casefile leaves either the old or the new file, whole, and no torn file', async () => {
    const out = join(cache.dir, 'saved.casefile');
    for (let round = 0; round < 3; round++) {
      await runAndKill(['save', cache.path, out], 1 + round);
      expect(existsSync(out)).toBe(true);
      const db = openCasefileReadOnly(out);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT title FROM casefile_meta').get() as { title: string }).title).toMatch(/^save \d+$/);
      db.close();
    }
    // Killed mid-save, a temporary file may stay behind (never the casefile itself); it is named as one.
    const others = readdirSync(cache.dir).filter((f) => f.includes('saved.casefile') && f !== 'saved.casefile');
    for (const f of others) expect(f).toMatch(/^\.saved\.casefile\.\d+-[0-9a-f]{8}\.tmp(-journal)?$/);
    // The next save clears what killed ones left.
    saveCasefile(cache.path, out, { traceIds: [], logIds: [], windows: [], allInWindow: false }, { title: 'after', author: 't' });
    expect(readdirSync(cache.dir).filter((f) => f.includes('saved.casefile'))).toEqual(['saved.casefile']);
  });
});
