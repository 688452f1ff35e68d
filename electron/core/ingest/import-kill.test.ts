import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { contentCounts } from '../../../test/temp-cache.js';
import { runCasefile } from '../../cli/test-support/run-casefile.js';
import { openCore } from '../core.js';

/**
 * kill -9 in the middle of a real import (`casefile import` in a child process): the ledger row, committed before the
 * import's transaction, must not stay `running` for ever. The next open marks it interrupted; the cache is intact and
 * holds nothing of the file; importing the file again completes it.
 */
const BIN = fileURLToPath(new URL('../../../bin/casefile.js', import.meta.url));
const SPANS_PER_LINE = 500;
const LINES = 300;

const dir = mkdtempSync(join(tmpdir(), 'casefile-kill-'));
const databasePath = join(dir, 'cache.sqlite');
const file = join(dir, 'big.otlp.ndjson');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 150k spans and 30k logs of OTLP/JSON (about 45 MB), one export request a line, as the collector's file exporter writes them. */
async function writeBigFile(): Promise<void> {
  const out = createWriteStream(file);
  for (let line = 0; line < LINES; line++) {
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: `svc-${line % 5}` } }] };
    const spans = Array.from({ length: SPANS_PER_LINE }, (_, i) => {
      const n = line * SPANS_PER_LINE + i + 1;
      const start = 1_700_000_000_000_000_000n + BigInt(n) * 1000n;
      return { traceId: n.toString(16).padStart(32, '0'), spanId: n.toString(16).padStart(16, '0'), name: `op-${i % 7}`, kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 500n) };
    });
    const logs = spans.slice(0, 100).map((s) => ({ timeUnixNano: s.startTimeUnixNano, severityText: 'INFO', body: { stringValue: `handled request ${s.spanId}` }, traceId: s.traceId, spanId: s.spanId }));
    const text = `${JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] })}\n${JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ logRecords: logs }] }] })}\n`;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Polls (bounded) until the child has committed its running ledger row, read as another process would. */
async function waitForRunningLoad(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(databasePath)) {
      try {
        const db = new Database(databasePath, { readonly: true, fileMustExist: true });
        try {
          const row = db.prepare(`SELECT count(*) AS n FROM loads WHERE status = 'running'`).get() as { n: number };
          if (row.n > 0) return;
        } finally {
          db.close();
        }
      } catch {
        // The child is still creating the file or its schema.
      }
    }
    await sleep(50);
  }
  throw new Error('the child import never started');
}

/**
 * Well inside the import's transaction: waits (bounded) until the child has read `share` of the file, from what Linux
 * counts of its reads (/proc/PID/io) since its ledger row appeared. Elsewhere, a pause has to do.
 */
async function waitUntilRead(pid: number, share: number): Promise<void> {
  // Null once the process is gone (or off Linux): the caller's check then says what happened.
  const readSoFar = (): number | null => {
    try {
      return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
    } catch {
      return null;
    }
  };
  const before = readSoFar();
  if (before === null) return sleep(500);
  const target = before + share * statSync(file).size;
  for (let i = 0; i < 3000; i++) {
    const read = readSoFar();
    if (read === null || read >= target) return;
    await sleep(10);
  }
}

describe('an import killed with SIGKILL', { timeout: 180_000 }, () => {
  it('is marked interrupted on the next open, leaves nothing partial, and is completed by importing again', async () => {
    await writeBigFile();
    const child = spawn(process.execPath, [BIN, 'import', file, '--db', databasePath], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitForRunningLoad();
    await waitUntilRead(child.pid!, 0.4);
    expect(child.exitCode, 'the import finished before it could be killed: make the file bigger').toBeNull();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const core = await openCore({ databasePath, mode: 'web' });
    try {
      expect(core.interrupted).toEqual([
        expect.objectContaining({ kind: 'import', target: file, status: 'interrupted', interruptedAt: expect.any(Number) as number, spansAdded: 0 }),
      ]);
      expect(core.interrupted[0]!.error).toMatch(new RegExp(`^interrupted: the Casefile process \\(pid ${child.pid}\\) ended before the import finished.*import the file again`));
      expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => core.db.prepare(`INSERT INTO logs_fts (logs_fts) VALUES ('integrity-check')`).run()).not.toThrow();
      expect(Object.values(contentCounts(core.db)).every((n) => n === 0), JSON.stringify(contentCounts(core.db))).toBe(true);

      const [job] = core.jobs.start([file]);
      await core.jobs.idle();
      const done = core.jobs.get(job!.id)!;
      expect(done).toMatchObject({ state: 'done', load: { status: 'done', spansAdded: SPANS_PER_LINE * LINES, logsAdded: 100 * LINES } });
      const ledger = await core.handlers.listLoads({ limit: 10 });
      expect(ledger.map((l) => l.status)).toEqual(['done', 'interrupted']);
    } finally {
      core.close();
    }

    // The command line shows it, and a later open does not report it again.
    const listed = await runCasefile(['loads', '--db', databasePath]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toMatch(/import\s+\S+\s+interrupted\s+0\s+0\s+\S*big\.otlp\.ndjson/);
    expect(listed.stdout).toContain('import the file again to complete it');
  });
});
