import { describe, expect, it } from 'vitest';
import { generateTraces } from '../../../test/analysis/trace-shapes.js';
import type { DetectorName } from '../types.js';
import { analyze } from '../analyze.js';
import { detectFindings } from './index.js';

const FAULTS: DetectorName[] = ['n-plus-one-db', 'n-plus-one-api', 'consecutive-db', 'consecutive-http', 'slow-db', 'sleep', 'retry-storm', 'pool-exhaustion'];

describe('detectors on generated traces', () => {
  it('find nothing on healthy traces with jitter, over many seeds', () => {
    const findings = [];
    for (let seed = 1; seed <= 12; seed++) findings.push(...detectFindings(generateTraces({ seed, traces: 50 })));
    expect(findings.map((f) => `${f.detector}: ${f.statement}`)).toEqual([]);
  }, 120_000);

  for (const fault of FAULTS) {
    it(`find ${fault} where it was injected, and only there`, () => {
      for (const seed of [3, 17, 41]) {
        const traces = generateTraces({ seed, traces: 40, fault, faultRate: 0.3 });
        const findings = detectFindings(traces);
        expect(findings.map((f) => f.detector)).toEqual([fault]);
        const [finding] = findings;
        expect(finding!.occurrences).toBeGreaterThanOrEqual(3);
        expect(finding!.statement).not.toBe('');
        expect(finding!.fix).not.toBe('');
        expect(Number(finding!.costNs)).toBeGreaterThan(0);
        // Every span it names is in a trace it names.
        const spans = new Set(traces.filter((t) => finding!.traceIds.includes(t[0]!.traceId)).flat().map((s) => s.spanId));
        expect(finding!.spanIds.every((id) => spans.has(id))).toBe(true);
      }
    }, 60_000);
  }
});

describe('the analysis hands the detectors the trees it built', () => {
  it('and they find exactly what they find on trees of their own', () => {
    for (const fault of FAULTS) {
      const traces = generateTraces({ seed: 5, traces: 40, fault, faultRate: 0.3 });
      const spans = traces.flat();
      const starts = spans.map((s) => BigInt(s.startNs));
      const window = { startNs: starts.reduce((a, b) => (a < b ? a : b)).toString(), endNs: spans.map((s) => BigInt(s.endNs)).reduce((a, b) => (a > b ? a : b)).toString() };
      const own = detectFindings(traces);
      expect(own.length).toBeGreaterThan(0);
      expect(analyze({ spans, window }).findings).toEqual(own);
    }
  }, 120_000);
});
