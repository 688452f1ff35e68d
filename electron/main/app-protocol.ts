import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { RENDERER_CSP } from '../../shared/csp.js';
import { contentTypeFor, resolveStaticPath } from '../web/static-files.js';

/**
 * The renderer is served from `app://casefile/` rather than loaded with loadFile: a file:// page may read any file on
 * disk and shares its origin with every other local file, while this scheme serves dist/renderer and nothing else
 * (Electron security checklist, item 18: https://www.electronjs.org/docs/latest/tutorial/security).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'casefile';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True only for pages of our own origin; IPC and permissions trust nothing else. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Must run before `ready`. Standard + secure give the page a real origin (so 'self' and storage work); corsEnabled
 * lets Vite's `<script type="module" crossorigin>` load from it.
 */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}

/** Answers one app:// request from `rendererDir`, with the CSP on every response. Free of Electron, so testable. */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return text(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
  const filePath = resolveStaticPath(rendererDir, url.pathname);
  if (filePath === null) return text(400, 'bad path');
  const body = await readFile(filePath).catch(() => null);
  if (body === null) return text(404, 'not found');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...headers(), 'Content-Type': contentTypeFor(filePath) },
  });
}

function headers(): Record<string, string> {
  return { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
