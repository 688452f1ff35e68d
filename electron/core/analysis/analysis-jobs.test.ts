import { afterAll, describe, expect, it } from 'vitest';
import { tempCache, UPSTREAM } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { AnalysisJobs } from './analysis-jobs.js';

/** Analyses on the worker thread against a real cache file: kept per window and symptom until new data arrives. */
describe('analysis jobs', { timeout: 120_000 }, () => {
  const cache = tempCache();
  afterAll(() => cache.dispose());

  it('answers at once while running, keeps the result, and starts afresh when data arrives', async () => {
    await importFile(cache.db, DEMO_FILE);
    const jobs = new AnalysisJobs(cache.db, cache.path);
    const first = await jobs.analyze({ symptom: { kind: 'any' }, wait: false });
    expect(first.state).toBe('running');
    const done = await jobs.analyze({ symptom: { kind: 'any' }, wait: true });
    expect(done.state).toBe('done');
    expect(done.result!.suspects.length).toBeGreaterThan(0);
    expect(done.spansRead).toBeGreaterThan(3000);

    const again = await jobs.analyze({ symptom: { kind: 'any' }, wait: false });
    expect([again.state, again.elapsedMs]).toEqual(['done', done.elapsedMs]);
    const errors = await jobs.analyze({ symptom: { kind: 'errors' }, wait: false });
    expect(errors.state).toBe('running');

    await importFile(cache.db, `${UPSTREAM}zipkin-v2/zipkin-lens__netflix.json`);
    const fresh = await jobs.analyze({ symptom: { kind: 'any' }, wait: false });
    expect(fresh.state).toBe('running');
    await jobs.analyze({ symptom: { kind: 'errors' }, wait: true });
  });

  it('says why a window is refused', async () => {
    const jobs = new AnalysisJobs(cache.db, cache.path);
    await expect(jobs.analyze({ startNs: '2000', endNs: '1000', symptom: { kind: 'any' }, wait: true })).rejects.toThrow('the window ends (1000) before it starts (2000)');
  });
});
