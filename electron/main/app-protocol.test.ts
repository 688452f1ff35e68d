import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppUrl, serveAppRequest } from './app-protocol.js';

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'casefile-app-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Casefile</title>');
  await writeFile(path.join(rendererDir, 'assets', 'main.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
});

afterAll(() => rm(root, { recursive: true, force: true }));

const get = (url: string) => serveAppRequest(rendererDir, new Request(url));

describe('app:// protocol', () => {
  it('serves the renderer with its content type and the CSP', async () => {
    const index = await get('app://casefile/');
    const css = await get('app://casefile/assets/main.css');

    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Casefile</title>');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['app://casefile/..%2fsecret.txt', 'app://casefile/assets/%2e%2e%5c..%5csecret.txt', 'app://casefile/../secret.txt'])(
    'never serves a file outside the renderer folder: %s',
    async (url) => {
      const res = await get(url);

      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('secret');
    },
  );

  it('answers only for its own host', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
  });

  it('recognises only its own origin as the app', () => {
    expect(isAppUrl('app://casefile/index.html#/trace/1')).toBe(true);
    expect(isAppUrl('app://casefile')).toBe(true);
    expect(isAppUrl('app://casefile.evil/')).toBe(false);
    expect(isAppUrl('https://casefile/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
