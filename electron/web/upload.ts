import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/**
 * Keeps a browser-supplied name usable as one plain file name: no directories, no leading dots, only portable
 * characters. The extension survives because importers may pick a format by it.
 */
export function sanitizeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(-200);
  return clean === '' ? 'upload' : clean;
}

class TooLarge extends Error {}

export type UploadResult = { kind: 'saved'; path: string } | { kind: 'too-large' };

/**
 * Streams the request body to a fresh file in its own new folder under `uploadDir` (so two uploads of the same name
 * never collide, and the importer still sees the original name). A declared Content-Length past `maxBytes` is refused
 * before anything is written; a chunked body that grows past it is cut off (which drops the connection) and removed.
 */
export async function saveUpload(
  request: IncomingMessage,
  uploadDir: string,
  name: string,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<UploadResult> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return { kind: 'too-large' };
  const folder = await mkdtemp(path.join(uploadDir, 'upload-'));
  const filePath = path.join(folder, sanitizeUploadName(name));
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(request, limit, createWriteStream(filePath, { flags: 'wx' }));
    return { kind: 'saved', path: filePath };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof TooLarge) return { kind: 'too-large' };
    throw error;
  }
}
