import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Which process owns a running load, so that one left `running` by a killed process can be told from one another
 * process (a CLI import beside the app, two CLI imports) is still writing. A pid alone is not enough: pids are reused,
 * so the process's start time is kept beside it where the OS tells it (Linux: /proc/PID/stat's start time in clock
 * ticks since boot, with the boot id, so a reboot that hands out the same pid and tick count cannot match).
 */
export interface ProcessOwner {
  host: string;
  pid: number;
  /** Null where the OS does not tell a process's start time: then a living pid counts as the owner. */
  start: string | null;
}

export const THIS_PROCESS: ProcessOwner = { host: hostname(), pid: process.pid, start: startToken(process.pid) };

/** 'gone' only when sure: the owner ran on this machine and no process with its pid and start time exists. */
export function ownerState(owner: ProcessOwner): 'alive' | 'gone' | 'unknown' {
  // Another machine's process (a cache on a shared folder) cannot be checked from here.
  if (owner.host !== THIS_PROCESS.host) return 'unknown';
  // A zombie (killed, not yet reaped by its parent) still answers kill(pid, 0), but will never write again.
  if (!pidExists(owner.pid) || isZombie(owner.pid)) return 'gone';
  if (owner.start === null) return 'alive';
  const start = startToken(owner.pid);
  // The pid is alive but started at another time: the owner died and its pid went to another process.
  return start === null || start === owner.start ? 'alive' : 'gone';
}

/** True while a process with this pid exists (any user's). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  return procStat(pid)?.[0] === 'Z';
}

/** /proc/PID/stat's fields after the command name (which is in parentheses and may hold spaces); null off Linux. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function startToken(pid: number): string | null {
  // Field 22 of the whole line: starttime, in clock ticks since boot.
  const starttime = procStat(pid)?.[19];
  if (starttime === undefined) return null;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${starttime}`;
  } catch {
    return null;
  }
}
