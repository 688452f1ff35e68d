import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../shared/api-types.js';
import type { Reply } from '../../shared/contract-kit.js';
import { openCore, type Core } from '../core/core.js';
import { startWebServer, type WebServer } from './server.js';

/**
 * Browser mode's importFiles, through the real HTTP bridge and a real cache: a token holder may import what the
 * browser uploaded and files under `--import-dir`, never another path of the server's machine.
 */
const TOKEN = 'confinement-token-0123456789';

function otlpFile(service: string, spanId: string): string {
  const span = { traceId: '5b8efff798038103d269b633813fc60c', spanId, name: 'op', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000100000000' };
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: service } }] };
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] });
}

let root: string;
let core: Core;
let server: WebServer | undefined;
let outside: string;
let importDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'casefile-confine-'));
  await mkdir(path.join(root, 'static'));
  await writeFile(path.join(root, 'static', 'index.html'), '<!doctype html>');
  await mkdir(path.join(root, 'uploads'));
  importDir = path.join(root, 'imports');
  await mkdir(importDir);
  // A file the server's user can read but the browser never sent: it stands for /etc/shadow or ~/.ssh keys.
  outside = path.join(root, 'private', 'secret-traces.json');
  await mkdir(path.dirname(outside));
  await writeFile(outside, otlpFile('private-service', '0000000000000001'));
  await writeFile(path.join(importDir, 'allowed.json'), otlpFile('allowed-service', '0000000000000002'));
  await symlink(outside, path.join(importDir, 'link-out.json'));
  core = await openCore({ databasePath: path.join(root, 'cache.sqlite'), mode: 'web' });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  core.close();
  await rm(root, { recursive: true, force: true });
});

async function start(withImportDir: boolean): Promise<WebServer> {
  server = await startWebServer({
    handlers: core.handlers,
    staticDir: path.join(root, 'static'),
    uploadDir: path.join(root, 'uploads'),
    token: TOKEN,
    ...(withImportDir ? { importDir } : {}),
  });
  return server;
}

async function call(url: string, name: string, input: unknown): Promise<{ status: number; reply: Reply }> {
  const origin = new URL(url).origin;
  const res = await fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, reply: (await res.json()) as Reply };
}

async function services(): Promise<string[]> {
  await core.jobs.idle();
  return (await core.handlers.listServices({})).map((s) => s.name).sort();
}

describe('browser mode importFiles', () => {
  it('refuses any server-side path when no import folder was named, and reads nothing', async () => {
    const { url } = await start(false);
    for (const requested of [outside, '/etc/passwd', path.join(root, 'uploads', '..', 'private', 'secret-traces.json'), path.join(importDir, 'allowed.json')]) {
      const { status, reply } = await call(url, 'importFiles', { paths: [requested] });
      expect(status, requested).toBe(403);
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`importFiles: ${requested}: browser mode imports only uploaded files`) } });
    }
    expect(await services()).toEqual([]);
    expect((await core.handlers.listLoads({ limit: 100 })).length).toBe(0);
  });

  it('imports what the browser uploaded', async () => {
    const { url } = await start(false);
    const res = await fetch(`${new URL(url).origin}/upload?name=up.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
      body: otlpFile('uploaded-service', '0000000000000003'),
    });
    expect(res.status).toBe(200);
    const jobs = ((await res.json()) as { value: ImportJob[] }).value;
    expect(jobs.map((j) => j.file)).toEqual(['up.json']);
    expect(await services()).toEqual(['uploaded-service']);
  });

  it('with --import-dir: imports files under it (absolute or relative), refuses escapes by .. or symlink', async () => {
    const { url } = await start(true);
    const ok = await call(url, 'importFiles', { paths: [path.join(importDir, 'allowed.json')] });
    expect(ok.status).toBe(200);
    const relative = await call(url, 'importFiles', { paths: ['allowed.json'] });
    expect(relative.status).toBe(200);
    for (const requested of [outside, '../private/secret-traces.json', path.join(importDir, 'link-out.json'), importDir, '/etc/passwd']) {
      const { status, reply } = await call(url, 'importFiles', { paths: [requested] });
      expect(status, requested).toBe(403);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`files under ${importDir}`) } });
    }
    // One bad path refuses the whole call: nothing of it is imported.
    expect((await call(url, 'importFiles', { paths: [path.join(importDir, 'allowed.json'), outside] })).status).toBe(403);
    expect(await services()).toEqual(['allowed-service']);
  });
});
