import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { SECURITY_HEADERS, sendError } from './http-reply.js';
import { sanitizeUploadName } from './upload.js';

/**
 * `POST /download?name=`: a casefile saved in browser mode, sent as an attachment. Only a plain file name inside the
 * download folder is served (the name is reduced as upload names are), so no other file on the machine can be asked for.
 */
export async function handleDownload(response: ServerResponse, downloadDir: string | null, name: string | null): Promise<void> {
  if (downloadDir === null) {
    sendError(response, 404, 'not-found', 'download: this server keeps no saved casefiles');
    return;
  }
  if (name === null || name === '' || sanitizeUploadName(name) !== name || !name.endsWith('.casefile')) {
    sendError(response, 400, 'invalid-input', 'download: expected the plain name of a saved .casefile');
    return;
  }
  const file = path.join(downloadDir, name);
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) {
    sendError(response, 404, 'not-found', `download: no saved casefile "${name}"`);
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/vnd.casefile+sqlite3',
    'Content-Length': info.size,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  createReadStream(file).pipe(response);
}
