import { open } from 'node:fs/promises';

/** How much of each end of a trace body is read for the status: Tempo writes it after the trace, in a few bytes. */
const TAIL_BYTES = 64 * 1024;
const HEAD_BYTES = 4096;
const MAX_MESSAGE = 300;

/**
 * A v2 trace-by-id answer says `"status": "PARTIAL"` (with a `message`) when Tempo cut the trace at its
 * max_bytes_per_trace. Fetching again never helps — the limit is the server's — so the part is cached and this
 * reason travels with it: "Tempo returned only part of this trace (<message>)". Null for a COMPLETE answer or one
 * without a status (v1).
 *
 * gogo jsonpb writes TraceByIDResponse's fields in proto order (trace, metrics, status, message), so the status
 * follows a trace that may be hundreds of MB: both ends of the file are read, never the whole of it. The top-level
 * status is the only string-valued `"status"` (a span's status is an object, and inside a JSON string the quotes
 * would be escaped), and the message is the one written beside it.
 */
export async function partialReason(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    text = `${head.toString('utf8')}\n${tail.toString('utf8')}`;
  } finally {
    await handle.close();
  }
  if (!/"status"\s*:\s*"PARTIAL"/.test(text)) return null;
  const message = /"status"\s*:\s*"PARTIAL"\s*,\s*"message"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text)?.[1] ?? /"message"\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*"status"\s*:\s*"PARTIAL"/.exec(text)?.[1];
  const said = message === undefined ? '' : (JSON.parse(message) as string).trim().slice(0, MAX_MESSAGE);
  return `Tempo returned only part of this trace (${said || 'over its max_bytes_per_trace'})`;
}
