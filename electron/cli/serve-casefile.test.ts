import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceSummary, TraceSummary } from '../../shared/api-types.js';
import { DEMO_FILE } from '../core/core.js';
import { runCasefile } from './test-support/run-casefile.js';

/**
 * `casefile serve --casefile FILE`: the browser UI on a casefile in replay mode, through the real bin. The API answers
 * from the file alone (no cache beside it), refuses writes, and the process stops cleanly on SIGTERM.
 */
const BIN = fileURLToPath(new URL('../../bin/casefile.js', import.meta.url));
const UI_BUILT = existsSync(fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url)));
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-serve-'));
  const cache = join(dir, 'cache.sqlite');
  await runCasefile(['import', DEMO_FILE, '--db', cache]);
  const errors = JSON.parse((await runCasefile(['traces', '--errors', '--limit', '2', '--json', '--db', cache])).stdout) as TraceSummary[];
  file = join(dir, 'incident.casefile');
  const save = await runCasefile(['case', 'save', '--db', cache, '--out', file, '--traces', errors.map((t) => t.traceId).join(',')]);
  expect(save.code).toBe(0);
  // The reviewer's machine: the casefile and nothing else.
  rmSync(cache);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!UI_BUILT)('casefile serve --casefile', { timeout: 60_000 }, () => {
  it('serves the casefile read-only on loopback with a token, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--casefile', file], { env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout} ${stderr}`)), 30_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
        if (match !== null) {
          clearTimeout(timer);
          resolve(new URL(match[1]!));
        }
      });
    });
    expect(stdout).toContain(`the casefile ${file} (offline evidence, read-only)`);
    const call = (name: string, body: object) =>
      fetch(new URL(`/api/${name}`, url), { method: 'POST', headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const services = (await (await call('listServices', {})).json()) as { ok: boolean; value: ServiceSummary[] };
    expect(services.ok).toBe(true);
    expect(services.value.map((s) => s.name)).toContain('cart');
    const write = (await (await call('saveSlo', { slo: { name: 'x', service: 'cart', objective: { kind: 'availability', target: 0.99 } } })).json()) as { ok: boolean };
    expect(write.ok).toBe(false);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to receive OTLP into a casefile', async () => {
    const run = await runCasefile(['serve', '--casefile', file, '--otlp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--otlp writes to a cache: a casefile is opened read-only');
  });
});
