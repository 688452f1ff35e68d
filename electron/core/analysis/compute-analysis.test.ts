import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPreview } from '../../../shared/analysis/preview.js';
import type { AnalysisResult } from '../../../shared/analysis/types.js';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { cachedRange } from '../queries/analysis-input.js';
import type { AnalysisStats } from './analysis-protocol.js';
import { computeAnalysis } from './compute-analysis.js';
import { runAnalysis } from './run-analysis.js';

describe('an analysis of many spans (real cache file)', () => {
  const cache = tempCache();
  beforeAll(async () => {
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('first reads and ranks a sample of whole traces, then every trace', () => {
    const window = cachedRange(cache.db)!;
    const partials: { result: AnalysisResult; stats: AnalysisStats }[] = [];
    const job = { databasePath: cache.path, window, symptom: { kind: 'any' as const } };
    const { result, stats } = computeAnalysis(cache.db, job, (r, s) => partials.push({ result: r, stats: s }), () => 0.5);
    const total = cache.db.prepare('SELECT count(*) FROM spans').pluck().get() as number;
    const traces = cache.db.prepare('SELECT trace_id FROM traces').pluck().all() as string[];
    const sampled = traces.filter((id) => inPreview(id, 0.5));
    // The sample: whole traces, those the hash picks, read before anything else.
    expect(partials[0]!.stats).toMatchObject({ tracesRead: sampled.length, preview: true });
    expect(partials[0]!.stats.spansRead).toBeLessThan(total);
    expect(partials[0]!.result.findings).toEqual([]);
    // Then every trace, with the findings; the demo's culprits lead.
    expect(stats).toMatchObject({ spansRead: total, preview: false });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.suspects.length).toBeGreaterThan(0);
  });
});

describe('an analysis of many spans on threads (real cache file)', () => {
  const cache = tempCache();
  beforeAll(async () => {
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('shows the preview thread\'s suspects only until the whole analysis speaks, and ends with the whole', async () => {
    const window = cachedRange(cache.db)!;
    const total = (cache.db.prepare('SELECT count(*) FROM traces').pluck().get() as number);
    const seen: number[] = [];
    const { stats } = await runAnalysis(cache.db, { databasePath: cache.path, window, symptom: { kind: 'any' } }, (_, s) => seen.push(s.tracesRead), () => 0.5);
    expect(stats.tracesRead).toBe(total);
    const firstWhole = seen.indexOf(total);
    // After the whole analysis said something, a preview (fewer traces) never comes back on top of it.
    if (firstWhole !== -1) expect(seen.slice(firstWhole).every((n) => n === total)).toBe(true);
  });
});
