import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../test/temp-cache.js';
import { fakeJaegerV1, type JaegerTrace } from '../core/sources/test-support/fake-jaeger.js';
import { startLoopback, type Loopback } from '../core/sources/test-support/loopback.js';

const BIN = fileURLToPath(new URL('../../bin/casefile.js', import.meta.url));
const TRACES = (JSON.parse(readFileSync(join(UPSTREAM, 'jaeger-v1-http', 'perses__pushbytes_jaeger.json'), 'utf8')) as { data: JaegerTrace[] }).data;
const TRACE = TRACES[0]!;
const TOKEN = 'cli-token-4b1d9e7a02c6';
const PASSWORD = 'cli-password-93fe51ab77';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function casefile(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--db', join(dir, 'cache.sqlite')], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let dir: string;
let server: Loopback;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-sources-'));
  server = await startLoopback(fakeJaegerV1(TRACES));
  // Only requests with the right credentials get through, as with a real authenticating proxy.
  server.fault = (req, res) => {
    const ok = req.headers.authorization === `Bearer ${TOKEN}` || req.headers.authorization === `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}`;
    if (ok) return false;
    res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`invalid credentials: ${String(req.headers.authorization)}`);
    return true;
  };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('casefile source / pull', { timeout: 60_000 }, () => {
  it('adds sources with secrets from an env var and from stdin, never from argv', async () => {
    const add = await casefile(['source', 'add', 'prod', '--kind', 'jaeger', '--url', server.url, '--token-env', 'JAEGER_TOKEN', '--json'], { JAEGER_TOKEN: TOKEN });
    expect(add.stderr).toBe('');
    expect(JSON.parse(add.stdout)).toMatchObject({ config: { name: 'prod', kind: 'jaeger', auth: { type: 'bearer' } }, secretsStored: ['token'], secretsMissing: [] });
    const basic = await casefile(['source', 'add', 'basic', '--kind', 'jaeger', '--url', server.url, '--user', 'ops', '--secret-stdin', '--json'], {}, `${PASSWORD}\n`);
    expect(JSON.parse(basic.stdout)).toMatchObject({ config: { auth: { type: 'basic', username: 'ops' } }, secretsStored: ['password'] });
    const missing = await casefile(['source', 'add', 'bad', '--kind', 'jaeger', '--url', server.url, '--token-env', 'UNSET_VAR_FOR_TEST']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('the environment variable UNSET_VAR_FOR_TEST is not set');
    const argvSecret = await casefile(['source', 'add', 'bad', '--kind', 'jaeger', '--url', server.url, '--token', TOKEN]);
    expect(argvSecret.code).toBe(2);

    const list = JSON.parse((await casefile(['source', 'list', '--json'])).stdout) as { sources: { config: { name: string } }[]; configFile: string };
    expect(list.sources.map((s) => s.config.name)).toEqual(['prod', 'basic']);
    expect(list.configFile).toBe(join(dir, 'sources.json'));
  });

  it('tests a source stage by stage', async () => {
    const ok = await casefile(['source', 'test', 'prod', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ source: 'prod', ok: true, stages: [{ stage: 'config' }, { stage: 'dns' }, { stage: 'connect' }, { stage: 'auth', ok: true }, { stage: 'api', detail: 'Jaeger query API v1: 1 service' }] });
    await casefile(['source', 'add', 'wrong', '--kind', 'jaeger', '--url', server.url, '--token-env', 'T'], { T: 'not-the-token-1234' });
    const refused = await casefile(['source', 'test', 'wrong', '--json']);
    expect(refused.code).toBe(1);
    const result = JSON.parse(refused.stdout) as { stages: { stage: string; ok: boolean; detail: string }[] };
    expect(result.stages.at(-1)).toMatchObject({ stage: 'auth', ok: false });
    expect(result.stages.at(-1)!.detail).toContain('401 Unauthorized');
    expect(result.stages.at(-1)!.detail).not.toContain('not-the-token-1234');
  });

  it('pulls traces, then answers from the cache with the server gone', async () => {
    const first = TRACE.spans[0]!.startTime;
    const window = ['--start', new Date(first / 1000 - 60_000).toISOString(), '--end', new Date(first / 1000 + 60_000).toISOString()];
    const pulled = await casefile(['pull', '--source', 'prod', '--service', 'tempo-distributor', ...window, '--limit', '5', '--json']);
    expect(pulled.stderr).toBe('');
    const job = JSON.parse(pulled.stdout) as { state: string; cached: boolean; fetchedAt: number; traces: { traceId: string; spanCount: number }[] };
    expect(job).toMatchObject({ state: 'done', cached: false, traces: [{ traceId: TRACE.traceID, spanCount: 3 }] });

    const byId = await casefile(['pull', '--trace', TRACE.traceID, '--source', 'basic', '--refresh', '--json']);
    expect(JSON.parse(byId.stdout)).toMatchObject({ state: 'done', cached: false, source: 'basic', spansSeen: 3 });

    const spans = JSON.parse((await casefile(['trace', TRACE.traceID, '--json'])).stdout) as { spans: unknown[] };
    expect(spans.spans).toHaveLength(3);

    await casefile(['pull', '--trace', TRACE.traceID, '--source', 'wrong', '--refresh']);
    await server.close();
    const cached = await casefile(['pull', '--source', 'prod', '--service', 'tempo-distributor', ...window, '--limit', '5', '--json']);
    expect(JSON.parse(cached.stdout)).toMatchObject({ state: 'done', cached: true, fetchedAt: job.fetchedAt, traces: [{ traceId: TRACE.traceID }] });
    const human = await casefile(['pull', '--source', 'prod', '--service', 'tempo-distributor', ...window, '--limit', '5']);
    expect(human.stdout).toContain(`from the cache: fetched from prod at ${new Date(job.fetchedAt).toISOString()}`);
  });

  it('leaves no secret in any file it wrote except secrets.json (0600)', async () => {
    const secretsFile = join(dir, 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretsFile, 'utf8')).toContain(TOKEN);
    const written = readdirSync(dir).filter((f) => f !== 'secrets.json');
    expect(written).toEqual(expect.arrayContaining(['cache.sqlite', 'sources.json']));
    for (const file of written) {
      const bytes = readFileSync(join(dir, file));
      for (const secret of [TOKEN, PASSWORD, 'not-the-token-1234', Buffer.from(`ops:${PASSWORD}`).toString('base64')]) {
        expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
      }
    }
    // The failed pull's ledger entry is there, with the credentials the server echoed redacted.
    const db = new Database(join(dir, 'cache.sqlite'), { readonly: true });
    try {
      const failed = db.prepare("SELECT error FROM loads WHERE kind = 'pull' AND status = 'failed'").all() as { error: string }[];
      expect(failed.map((f) => f.error)).toEqual([expect.stringMatching(/^source "wrong": GET \/api\/traces\/[0-9a-f]+: 401 Unauthorized.*invalid credentials: Bearer \[redacted\]$/)]);
    } finally {
      db.close();
    }
  });
});
