import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { getLoad, startLoad } from '../queries/loads.js';
import { markInterruptedLoads } from './interrupted-loads.js';
import { ownerState, THIS_PROCESS } from './process-owner.js';
import type { Db } from './open-database.js';

/** Another process that stays alive until killed: a CLI import running beside us. */
function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve) => child.once('spawn', () => resolve(child)));
}

function ended(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function runningLoad(db: Db, owner: { host: string; pid: number | null; start: string | null }): number {
  const id = startLoad(db, { kind: 'import', target: `/data/${owner.pid ?? 'legacy'}.json` });
  db.prepare('UPDATE loads SET owner_host = ?, owner_pid = ?, owner_start = ? WHERE id = ?').run(owner.host, owner.pid, owner.start, id);
  return id;
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await ended(child);
  }
});

describe('ownerState', () => {
  it('tells a living process, a dead one, a reused pid and another machine apart', async () => {
    const child = await otherProcess();
    children.push(child);
    const live = { host: THIS_PROCESS.host, pid: child.pid!, start: null };
    expect(ownerState(THIS_PROCESS)).toBe('alive');
    expect(ownerState(live)).toBe('alive');
    expect(ownerState({ ...THIS_PROCESS, host: 'another-machine' })).toBe('unknown');
    if (THIS_PROCESS.start !== null) expect(ownerState({ ...THIS_PROCESS, start: `${THIS_PROCESS.start}0` })).toBe('gone');
    child.kill('SIGKILL');
    await ended(child);
    expect(ownerState(live)).toBe('gone');
  });
});

describe('ownerState on Linux', () => {
  it.runIf(process.platform === 'linux')('counts a killed process not yet reaped by its parent (a zombie) as gone', async () => {
    // `sleep 0` exits under a parent that never waits for it (sh has become `sleep 5`): it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    let state = '';
    for (let i = 0; i < 100 && state !== 'Z'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    }
    expect(state).toBe('Z');
    expect(ownerState({ host: THIS_PROCESS.host, pid, start: null })).toBe('gone');
  });
});

describe('markInterruptedLoads', () => {
  it("marks only loads whose process is gone, and leaves another process's running import alone", async () => {
    const cache = tempCache();
    try {
      const { db } = cache;
      const alive = await otherProcess();
      const dead = await otherProcess();
      children.push(alive, dead);
      dead.kill('SIGKILL');
      await ended(dead);
      const ours = startLoad(db, { kind: 'import', target: '/data/ours.json' });
      const beside = runningLoad(db, { host: THIS_PROCESS.host, pid: alive.pid!, start: null });
      const killed = runningLoad(db, { host: THIS_PROCESS.host, pid: dead.pid!, start: null });
      const elsewhere = runningLoad(db, { host: 'another-machine', pid: dead.pid!, start: null });
      const legacy = runningLoad(db, { host: '', pid: null, start: null });

      const marked = markInterruptedLoads(db, 1_234);
      expect(marked.map((l) => l.id).sort()).toEqual([killed, legacy].sort());
      expect(getLoad(db, killed)).toMatchObject({ status: 'interrupted', interruptedAt: 1_234, error: expect.stringContaining(`pid ${dead.pid}`) });
      for (const id of [ours, beside, elsewhere]) expect(getLoad(db, id)).toMatchObject({ status: 'running', interruptedAt: null });
      // Raw rows stay within the old CHECK: 'failed' plus when, so the sqlite3 shell and older readers see a failure.
      expect(db.prepare('SELECT status, interrupted_at FROM loads WHERE id = ?').get(killed)).toEqual({ status: 'failed', interrupted_at: 1_234 });
      expect(markInterruptedLoads(db)).toEqual([]);
      // A Casefile from before the owner columns that finishes its load after all: 'done' wins.
      db.prepare(`UPDATE loads SET status = 'done', error = NULL WHERE id = ?`).run(legacy);
      expect(getLoad(db, legacy)!.status).toBe('done');
    } finally {
      cache.dispose();
    }
  });
});
