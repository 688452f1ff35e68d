import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test support: an HTTP(S) server on 127.0.0.1 and a free port, recording every request, so connectors are tested
 * against the real API paths with real sockets. Only loopback is used; nothing leaves the machine.
 */
export interface Served {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The request body as text (POST searches, e.g. Elasticsearch's _search); '' for a GET. */
  body: string;
}

export type Handle = (req: Served, res: ServerResponse) => void | Promise<void>;

export interface Loopback {
  url: string;
  port: number;
  requests: Served[];
  /** Answers before the backend's own routes when it returns true: used to inject faults. */
  fault: ((req: Served, res: ServerResponse) => boolean) | null;
  close(): Promise<void>;
}

export async function startLoopback(handle: Handle, tls?: { key: string; cert: string }): Promise<Loopback> {
  const requests: Served[] = [];
  const state: { fault: Loopback['fault'] } = { fault: null };
  const listener = (req: http.IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const served: Served = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      requests.push(served);
      if (state.fault?.(served, res)) return;
      Promise.resolve(handle(served, res)).catch((error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      });
    });
  };
  const server = tls === undefined ? http.createServer(listener) : https.createServer(tls, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const loopback: Loopback = {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    requests,
    get fault() {
      return state.fault;
    },
    set fault(value) {
      state.fault = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return loopback;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers }).end(text);
}

/** A URL on which nothing listens (a port that was just free): connecting is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A self-signed certificate for 127.0.0.1, made at test time with the openssl command (Node has no API to sign a
 * certificate). Null when openssl is not installed: TLS tests are then skipped, and say so.
 */
export function selfSignedCert(): { key: string; cert: string; certFile: string; dispose(): void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'casefile-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=casefile-test',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
