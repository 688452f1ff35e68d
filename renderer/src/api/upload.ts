import type { ImportJob } from '../../../shared/api-types.js';
import { ApiError } from '../../../shared/contract-kit.js';
import { UPLOAD_NAME_PARAM, UPLOAD_PATH } from '../../../shared/web-bridge.js';
import type { ApiClient } from './client.js';
import { authHeaders } from './http-transport.js';
import { readReply } from './read-reply.js';
import { apiToken } from './token.js';
import { electronBridge } from './window-api.js';

/**
 * Starts importing one picked or dropped file. Electron knows the file's real path, so the main process reads it
 * from disk itself; a browser only has the bytes, so they are posted to the web server.
 */
export async function importFile(client: ApiClient, file: File): Promise<ImportJob[]> {
  const bridge = electronBridge();
  if (bridge) return client.importFiles({ paths: [bridge.pathForFile(file)] });
  return uploadFile(file);
}

async function uploadFile(file: File): Promise<ImportJob[]> {
  const query = new URLSearchParams({ [UPLOAD_NAME_PARAM]: file.name });
  let response: Response;
  try {
    response = await fetch(`${UPLOAD_PATH}?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...authHeaders(apiToken()) },
      body: file,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError('failed', `Could not upload ${file.name}: ${reason}`);
  }
  const reply = await readReply(response);
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
  return reply.value as ImportJob[];
}
