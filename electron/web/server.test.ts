import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportJob, ServiceSummary } from '../../shared/api-types.js';
import type { Handlers } from '../../shared/contract-kit.js';
import { api, type Api } from '../../shared/contract.js';
import { fakeHandlers } from '../../shared/fake-handlers.js';
import { startWebServer, type WebServer } from './server.js';

const TOKEN = 'test-token-0123456789';
const SERVICE: ServiceSummary = {
  name: 'checkout',
  spanCount: 3,
  errorCount: 1,
  traceCount: 1,
  logCount: 0,
  firstNs: '1',
  lastNs: '2',
};

let root: string;
let uploadDir: string;
let server: WebServer | undefined;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'casefile-web-'));
  await mkdir(path.join(root, 'static', 'assets'), { recursive: true });
  await writeFile(path.join(root, 'static', 'index.html'), '<!doctype html><title>Casefile</title>');
  await writeFile(path.join(root, 'static', 'assets', 'app.js'), 'console.log(1)');
  // Outside staticDir: must never be served.
  await writeFile(path.join(root, 'package.json'), '{"secret":"outside the static dir"}');
  uploadDir = path.join(root, 'uploads');
  await mkdir(uploadDir);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

async function start(overrides: Partial<Handlers<Api>>, maxUploadBytes?: number): Promise<WebServer> {
  server = await startWebServer({
    handlers: fakeHandlers(api, overrides),
    staticDir: path.join(root, 'static'),
    uploadDir,
    token: TOKEN,
    ...(maxUploadBytes === undefined ? {} : { maxUploadBytes }),
  });
  return server;
}

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => unknown;
}

/** node:http rather than fetch, because fetch would normalise `..` away and forbids setting Host. */
function send(port: number, sent: Sent): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: sent.method ?? 'GET', path: sent.path, headers: sent.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
        });
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const post = (port: number, name: string, body: unknown, headers: Record<string, string> = auth()) =>
  send(port, { method: 'POST', path: `/api/${name}`, headers, body: JSON.stringify(body) });

describe('web server: API', () => {
  it('refuses a call without a token, or with a wrong one, with 401 and no data', async () => {
    const listServices = vi.fn(() => [SERVICE]);
    const { port } = await start({ listServices });

    const none = await post(port, 'listServices', {}, { 'content-type': 'application/json' });
    const wrong = await post(port, 'listServices', {}, auth(`${TOKEN}x`));
    const notBearer = await post(port, 'listServices', {}, { authorization: TOKEN });

    for (const res of [none, wrong, notBearer]) {
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ ok: false, error: { code: 'forbidden', message: 'missing or wrong token' } });
    }
    expect(listServices).not.toHaveBeenCalled();
  });

  it("answers a good call with the handler's value", async () => {
    const listServices = vi.fn(() => [SERVICE]);
    const { port } = await start({ listServices });

    const res = await post(port, 'listServices', { startNs: '5' });

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ ok: true, value: [SERVICE] });
    expect(listServices).toHaveBeenCalledWith({ startNs: '5' });
  });

  it("refuses invalid input with 400 and zod's message, without reaching the handler", async () => {
    const searchTraces = vi.fn(() => []);
    const { port } = await start({ searchTraces });

    const res = await post(port, 'searchTraces', { limit: 0 });

    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^searchTraces: limit: /) } });
    expect(searchTraces).not.toHaveBeenCalled();
  });

  it('answers 404 for a call not in the table, 400 for a body that is not JSON, 413 past 1 MiB', async () => {
    const { port } = await start({});

    const unknown = await post(port, 'dropTables', {});
    const notJson = await send(port, { method: 'POST', path: '/api/appInfo', headers: auth(), body: '{oops' });
    const huge = await post(port, 'searchLogs', { text: 'x'.repeat(1024 * 1024) });

    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(huge.status).toBe(413);
  });

  it('maps a handler failure to 500 with the error kept in the envelope', async () => {
    const { port } = await start({
      appInfo: () => {
        throw new Error('database is locked');
      },
    });

    const res = await post(port, 'appInfo', {});

    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ ok: false, error: { code: 'failed', message: 'database is locked' } });
  });

  it('refuses cross-origin requests even with the token, and non-POST methods', async () => {
    const listServices = vi.fn(() => []);
    const { port } = await start({ listServices });

    const foreign = await post(port, 'listServices', {}, { ...auth(), origin: 'https://evil.example' });
    const ours = await post(port, 'listServices', {}, { ...auth(), origin: `http://localhost:${port}` });
    const get = await send(port, { path: '/api/listServices', headers: auth() });

    expect(foreign.status).toBe(403);
    expect(foreign.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ours.status).toBe(200);
    expect(get.status).toBe(405);
    expect(listServices).toHaveBeenCalledTimes(1);
  });

  it('refuses a Host header other than 127.0.0.1 or localhost on our port (DNS rebinding)', async () => {
    const listServices = vi.fn(() => []);
    const { port } = await start({ listServices });

    const rebound = await post(port, 'listServices', {}, { ...auth(), host: `attacker.example:${port}` });
    const otherPort = await send(port, { path: '/', headers: { host: `127.0.0.1:${port + 1}` } });
    const page = await send(port, { path: '/', headers: { host: `localhost:${port}` } });

    expect(rebound.status).toBe(403);
    expect(otherPort.status).toBe(403);
    expect(page.status).toBe(200);
    expect(listServices).not.toHaveBeenCalled();
  });
});

describe('web server: static files', () => {
  it('serves index.html for / and assets with their types, the CSP and nosniff', async () => {
    const { port, url } = await start({});

    const index = await send(port, { path: `/${new URL(url).search}` });
    const script = await send(port, { path: '/assets/app.js' });
    const missing = await send(port, { path: '/assets/nope.js' });

    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>Casefile</title>');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toBe('console.log(1)');
    expect(missing.status).toBe(404);
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%5cpackage.json'])(
    'refuses path traversal: %s',
    async (traversal) => {
      const { port } = await start({});

      const res = await send(port, { path: traversal });

      expect(res.status).toBe(400);
      expect(res.text).not.toContain('secret');
    },
  );
});

describe('web server: upload', () => {
  const job: ImportJob = {
    id: 'job-1',
    file: 'x',
    totalBytes: 11,
    bytesRead: 0,
    spans: 0,
    logs: 0,
    state: 'running',
    error: null,
    load: null,
    biggestTrace: null,
    warnings: [],
  };

  it('writes the body to a new file under uploadDir and imports it by that path', async () => {
    const importFiles = vi.fn((_input: { paths: string[] }) => [job]);
    const { port } = await start({ importFiles });

    const res = await send(port, {
      method: 'POST',
      path: `/upload?name=${encodeURIComponent('../../my traces.ndjson')}`,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
      body: '{"span":1}\n',
    });

    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, value: [job] });
    expect(importFiles).toHaveBeenCalledTimes(1);
    const saved = importFiles.mock.calls[0]![0].paths[0]!;
    expect(path.basename(saved)).toBe('my_traces.ndjson');
    expect(path.relative(uploadDir, saved).startsWith('..')).toBe(false);
    expect(await readFile(saved, 'utf8')).toBe('{"span":1}\n');
  });

  it('needs the token, and refuses a body over the cap with 413 leaving nothing behind', async () => {
    const importFiles = vi.fn(() => [job]);
    const { port } = await start({ importFiles }, 10);

    const anonymous = await send(port, { method: 'POST', path: '/upload?name=a.json', body: '{}' });
    const tooBig = await send(port, {
      method: 'POST',
      path: '/upload?name=a.json',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: Buffer.alloc(20),
    });

    expect(anonymous.status).toBe(401);
    expect(tooBig.status).toBe(413);
    expect(importFiles).not.toHaveBeenCalled();
    expect(await readdir(uploadDir)).toEqual([]);
  });
});

describe('web server: binding', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a fresh random token', async () => {
    server = await startWebServer({ handlers: fakeHandlers(api, {}), staticDir: path.join(root, 'static'), uploadDir });

    expect(server.address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);

    // Where the machine has another interface, nothing answers on it.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((nic) => nic !== undefined && nic.family === 'IPv4' && !nic.internal);
    if (external !== undefined) {
      const port = server.port;
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port }, () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });
});
