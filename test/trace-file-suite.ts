import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openWriteConnection, type Db } from '../electron/core/db/open-database.js';
import { tempCache } from './temp-cache.js';
import { writeTraceFile, type TraceFileFormat } from './trace-files.js';

/** The waterfall's opening view state, as the trace calls take it. */
export const OPENING = { collapsed: [], expanded: [], errorsOnly: false, adjustSkew: true };

export interface TraceFileSuite {
  cache: ReturnType<typeof tempCache>;
  /** The write connection imports use (set before the suite's tests run). */
  writeDb: Db;
  /** A generated trace file beside the cache, not yet imported. */
  file: string;
  traceId: string;
}

/**
 * For a describe block: a temp cache with its write connection and one generated trace file of `spans` spans, made
 * before its tests and removed after them.
 */
export function traceFileSuite(fileName: string, spans: number, format: TraceFileFormat): TraceFileSuite {
  const cache = tempCache();
  const suite = { cache, writeDb: null as unknown as Db, file: join(cache.dir, fileName), traceId: '' };
  beforeAll(() => {
    suite.writeDb = openWriteConnection(cache.path);
    suite.traceId = writeTraceFile(suite.file, spans, format).traceId;
  });
  afterAll(() => {
    suite.writeDb.close();
    cache.dispose();
  });
  return suite;
}
