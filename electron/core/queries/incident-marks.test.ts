import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { incidentMarks } from './incident-marks.js';

describe('incident marks for the replay timeline (demo incident, real SQLite file)', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
  });
  afterAll(() => cache.dispose());

  it('marks the first error and the ads canary’s arrival, not the versions services started with', () => {
    const marks = incidentMarks(cache.db, {});
    const firstError = cache.db.prepare('SELECT min(start_ns) FROM spans WHERE status_code = 2').safeIntegers(true).pluck().get() as bigint;
    expect(marks.firstError?.timeNs).toBe(firstError.toString());
    expect(marks.versionChanges.map((v) => `${v.service} ${v.version}`)).toEqual(['ads 2.0.0-canary']);
    const canaryFirst = cache.db
      .prepare(`SELECT min(s.start_ns) FROM spans s JOIN resources r ON r.hash = s.resource_hash WHERE json_extract(r.attributes, '$."service.version"') = '2.0.0-canary'`)
      .safeIntegers(true)
      .pluck()
      .get() as bigint;
    expect(marks.versionChanges[0]!.firstNs).toBe(canaryFirst.toString());
  });

  it('keeps to the window', () => {
    const before = incidentMarks(cache.db, { startNs: '0', endNs: '1' });
    expect(before).toEqual({ firstError: null, versionChanges: [] });
  });
});
