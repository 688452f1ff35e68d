import { describe, expect, it } from 'vitest';
import { FORMATS } from './bases.js';
import { runFuzz } from './engine.js';

/** A few hundred of the inputs `npm run fuzz` runs by the ten thousand, with a fixed seed: the same every run. */
describe('fuzzing the importer', () => {
  it('survives 300 mutated files with the cache intact and every refusal named', async () => {
    const report = await runFuzz({ seed: 7, perFormat: 75, batchSize: 75 });
    expect(report.violations).toEqual([]);
    for (const format of FORMATS) {
      const figures = report.figures[format]!;
      expect(figures.inputs).toBe(75);
      // Both outcomes occur, so the suite exercises the parsers and not only their first line.
      expect(figures.accepted).toBeGreaterThan(0);
      expect(figures.refused).toBeGreaterThan(0);
    }
  }, 180_000);
});
