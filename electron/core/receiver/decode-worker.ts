import { parentPort } from 'node:worker_threads';
import { decodeRequest, MalformedRequest } from './decode-request.js';
import type { DecodeReply, DecodeTask } from './decode-thread.js';

/**
 * The receiver's decoding thread: protobuf or JSON decoding, the OTLP parser and row encoding run here, so the thread
 * that owns the write connection only inserts (and stays free for the UI's calls).
 */
const port = parentPort!;

port.on('message', (task: DecodeTask) => {
  let reply: DecodeReply;
  try {
    reply = { id: task.id, ok: true, decoded: decodeRequest(task.signal, task.encoding, Buffer.from(task.body)) };
  } catch (error) {
    reply = { id: task.id, ok: false, malformed: error instanceof MalformedRequest, message: (error as Error).message };
  }
  port.postMessage(reply);
});
