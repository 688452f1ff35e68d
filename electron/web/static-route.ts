import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS, sendText } from './http-reply.js';
import { contentTypeFor, resolveStaticPath } from './static-files.js';

/** Serves the built renderer: GET/HEAD only, files under `staticDir` only. No token needed: it holds no data. */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  staticDir: string,
  urlPath: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const filePath = resolveStaticPath(staticDir, urlPath);
  if (filePath === null) {
    sendText(response, 400, 'bad path');
    return;
  }
  const info = await stat(filePath).catch(() => null);
  if (info === null || !info.isFile()) {
    sendText(response, 404, 'not found');
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(filePath),
    'Content-Length': info.size,
    // Hashed assets could be cached forever, but index.html must not be, or a rebuild would load stale chunks.
    'Cache-Control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(filePath)
    .on('error', () => response.destroy())
    .pipe(response);
}
