import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch, type Handlers } from '../../shared/contract-kit.js';
import { api, type Api } from '../../shared/contract.js';
import { sendError, sendReply } from './http-reply.js';
import { readJsonBody } from './read-body.js';
import { saveUpload } from './upload.js';

/** Call inputs are small (ids, filters); big data only ever arrives through the upload route. */
export const MAX_JSON_BYTES = 1024 * 1024;

/** `POST /api/<name>`: the body is the call's input, validated by dispatch like every other transport. */
export async function handleApiCall(
  request: IncomingMessage,
  response: ServerResponse,
  handlers: Handlers<Api>,
  name: string,
): Promise<void> {
  const body = await readJsonBody(request, MAX_JSON_BYTES);
  if (body.kind === 'too-large') {
    sendError(response, 413, 'invalid-input', `request body is larger than ${MAX_JSON_BYTES} bytes`);
    return;
  }
  if (body.kind === 'invalid-json') {
    sendError(response, 400, 'invalid-input', `${name}: body is not JSON: ${body.message}`);
    return;
  }
  sendReply(response, await dispatch(api, handlers, name, body.value));
}

/** `POST /upload?name=`: saves the raw body as a file, then imports it (or opens a casefile) by path as Electron would. */
export async function handleUpload(
  request: IncomingMessage,
  response: ServerResponse,
  handlers: Handlers<Api>,
  options: { uploadDir: string; name: string | null; maxBytes: number; merge?: boolean },
): Promise<void> {
  if (options.name === null || options.name === '') {
    sendError(response, 400, 'invalid-input', 'upload: the file name is missing');
    return;
  }
  const saved = await saveUpload(request, options.uploadDir, options.name, options.maxBytes);
  if (saved.kind === 'too-large') {
    response.setHeader('Connection', 'close');
    sendError(response, 413, 'invalid-input', `upload: the file is larger than ${options.maxBytes} bytes`);
    return;
  }
  // A casefile is opened (offline evidence, read-only), anything else imported into the cache.
  // With ?merge=1 a casefile is merged into the one open instead (mergeCasefile).
  const casefile = saved.path.toLowerCase().endsWith('.casefile');
  const call = casefile ? { name: options.merge === true ? 'mergeCasefile' : 'openCasefile', input: { file: saved.path } } : { name: 'importFiles', input: { paths: [saved.path] } };
  sendReply(response, await dispatch(api, handlers, call.name, call.input));
}
