import { describe, expect, it } from 'vitest';
import { prewarmParseWorker, releaseParseWorker, takeParseWorker } from './parse-worker-entry.js';

describe('the parsing threads kept between imports', () => {
  it('starts one ahead of the first import, and no second while one waits', async () => {
    prewarmParseWorker();
    const first = takeParseWorker();
    releaseParseWorker(first);
    prewarmParseWorker();
    const again = takeParseWorker();
    try {
      expect(again).toBe(first);
    } finally {
      await again.terminate();
    }
  });
});
