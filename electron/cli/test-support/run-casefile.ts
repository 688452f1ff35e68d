import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test support: runs the real `node bin/casefile.js` (as a user would) and collects what it printed. */
const BIN = fileURLToPath(new URL('../../../bin/casefile.js', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCasefile(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Runs `casefile` into a pipe whose reader goes away after the first chunk, as `casefile … | head -1` does. */
export function runCasefileIntoClosedPipe(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.once('data', (d) => {
      stdout += d;
      child.stdout.destroy();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}
