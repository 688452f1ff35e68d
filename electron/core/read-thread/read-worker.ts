import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../shared/contract-kit.js';
import { openDatabase } from '../db/open-database.js';
import { READ_CALLS, type ReadReply, type ReadRequest } from './read-calls.js';

/** The read thread: its own read-only connection to the cache, answering READ_CALLS one at a time. */
const port = parentPort!;
const db = openDatabase((workerData as { databasePath: string }).databasePath, { readonly: true });

port.on('message', ({ id, name, input }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, ok: true, result: (READ_CALLS[name] as (db: unknown, input: unknown) => unknown)(db, input) };
  } catch (error) {
    reply = { id, ok: false, code: error instanceof ApiError ? error.code : null, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
