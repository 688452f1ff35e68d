import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFindings } from '../../../shared/analysis/detectors/index.js';
import { tempCache } from '../../../test/temp-cache.js';
import { importFile } from '../ingest/import-file.js';
import { poolLogCandidates, windowTraces } from './window-spans.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/demo-incident.otlp.ndjson', import.meta.url));

describe('detectors on the demo incident, read from a cache', () => {
  const cache = tempCache();
  beforeAll(async () => {
    await importFile(cache.db, DEMO);
  }, 120_000);
  afterAll(() => cache.dispose());

  it('find the discounts N+1 and the ads sleep, and nothing else', () => {
    const traces = [...windowTraces(cache.db, {})];
    expect(traces.length).toBeGreaterThan(100);
    const findings = detectFindings(traces, undefined, poolLogCandidates(cache.db, {}));
    expect(findings.map((f) => `${f.detector} ${f.service}`)).toEqual(['n-plus-one-db discounts', 'sleep ads']);
    const [nPlusOne, sleep] = findings;
    expect(nPlusOne!.query).toBe('SELECT id, percent_off FROM discounts WHERE item_id = ?');
    expect(nPlusOne!.repeats).toBeGreaterThanOrEqual(5);
    expect(nPlusOne!.occurrences).toBeGreaterThan(3);
    expect(sleep!.operation).toMatch(/GetAds/);
    expect(sleep!.query).toBe('sleep');
  }, 60_000);

  it('read only the traces touching a service when asked', () => {
    const traces = [...windowTraces(cache.db, { service: 'discounts' })];
    expect(traces.length).toBeGreaterThan(0);
    expect(traces.every((spans) => spans.some((s) => s.service === 'discounts'))).toBe(true);
  }, 60_000);
});
