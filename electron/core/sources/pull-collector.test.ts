import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PullCollector } from './pull-collector.js';

describe('PullCollector', () => {
  it('hears a body whose download fails though the pull stops before its commit (no unhandled rejection)', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const download = Promise.reject(new Error('cut off'));
      // A connector's own promise built on the download's, as Tempo v2's PARTIAL check is.
      const complete = download.then((bytes) => bytes);
      download.catch(() => undefined);
      new PullCollector().spanFile({ file: '/nonexistent', request: 'GET /api/v2/traces/1', complete }, ['tempo']);
      await sleep(20);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
