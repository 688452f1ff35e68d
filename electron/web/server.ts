import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handlers } from '../../shared/contract-kit.js';
import type { Api } from '../../shared/contract.js';
import { API_PREFIX, DOWNLOAD_PATH, TOKEN_PARAM, UPLOAD_MERGE_PARAM, UPLOAD_NAME_PARAM, UPLOAD_PATH } from '../../shared/web-bridge.js';
import { handleApiCall, handleUpload } from './api-route.js';
import { confineImports } from './import-confinement.js';
import { handleDownload } from './download-route.js';
import { sendError, sendText } from './http-reply.js';
import { hasBearerToken, isAllowedHost, isAllowedOrigin } from './request-guards.js';
import { serveStatic } from './static-route.js';
import { MAX_UPLOAD_BYTES } from './upload.js';

export interface WebServerOptions {
  handlers: Handlers<Api>;
  /** 0 or absent: any free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Absent: a fresh random token per run. */
  token?: string;
  /** Where uploaded files are kept for the importer; the caller owns and cleans it. */
  uploadDir: string;
  /** `casefile serve --import-dir DIR`: importFiles may also name files under DIR. Absent: uploads only. */
  importDir?: string;
  maxUploadBytes?: number;
  /** Casefiles saved in browser mode wait here for the page to download them. */
  downloadDir?: string;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT/?token=TOKEN`: the one URL that opens the app with access to the data. */
  url: string;
  token: string;
  port: number;
  /** Where the socket is bound, as the OS reports it (always 127.0.0.1). */
  address: AddressInfo;
  close(): Promise<void>;
}

/** Loopback only: the data is the user's and the token travels in a URL, so no other machine may connect. */
const HOST = '127.0.0.1';

/**
 * Browser mode: the renderer's files plus the API over HTTP. Every data route needs the bearer token, and the Host
 * and Origin checks stop other web pages (including DNS-rebound ones) from talking to it through the user's browser.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const handlers = confineImports(options.handlers, { uploadDir: options.uploadDir, importDir: options.importDir });
  let port = 0;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request.headers, port)) {
      sendText(response, 403, 'forbidden host');
      return;
    }
    const rawUrl = request.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const urlPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));
    const isApi = urlPath.startsWith(API_PREFIX);
    if (!isApi && urlPath !== UPLOAD_PATH && urlPath !== DOWNLOAD_PATH) {
      await serveStatic(request, response, options.staticDir, urlPath);
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      sendError(response, 405, 'invalid-input', 'use POST');
      return;
    }
    if (!isAllowedOrigin(request.headers, port)) {
      sendError(response, 403, 'forbidden', 'cross-origin requests are refused');
      return;
    }
    if (!hasBearerToken(request.headers, token)) {
      sendError(response, 401, 'forbidden', 'missing or wrong token');
      return;
    }
    if (isApi) {
      await handleApiCall(request, response, handlers, urlPath.slice(API_PREFIX.length));
    } else if (urlPath === DOWNLOAD_PATH) {
      await handleDownload(response, options.downloadDir ?? null, query.get(UPLOAD_NAME_PARAM));
    } else {
      const name = query.get(UPLOAD_NAME_PARAM);
      const { uploadDir } = options;
      await handleUpload(request, response, handlers, { uploadDir, name, maxBytes: maxUploadBytes, merge: query.get(UPLOAD_MERGE_PARAM) === '1' });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else sendError(response, 500, 'failed', error instanceof Error ? error.message : String(error));
    });
  });
  const address = await listen(server, options.port ?? 0);
  port = address.port;
  return {
    address,
    url: `http://${HOST}:${port}/?${TOKEN_PARAM}=${token}`,
    token,
    port,
    close: () => closeServer(server),
  };
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
