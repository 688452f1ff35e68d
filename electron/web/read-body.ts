import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'ok'; value: unknown }
  | { kind: 'too-large' }
  | { kind: 'invalid-json'; message: string };

/** Reads a JSON body of at most `maxBytes`; an empty body is `undefined`, which dispatch treats as `{}`. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Checked while reading too: a chunked body declares no size up front.
    if (size > maxBytes) return { kind: 'too-large' };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { kind: 'ok', value: undefined };
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid-json', message: error instanceof Error ? error.message : String(error) };
  }
}
