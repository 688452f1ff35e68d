import { describe, expect, it } from 'vitest';
import type { GraphEdgeDependency } from '../../../../shared/api-types.js';
import { dependencyCalls, dependencyText, foldDependencies, tracePullWindow } from './dependency-figures.js';

const dep = (source: string, callCount: number, errorCount: number | null, startNs = '1000', endNs = '2000'): GraphEdgeDependency => ({ source, callCount, errorCount, startNs, endNs });

describe('dependency figures', () => {
  it('says where a count comes from, with errors only when the backend counts them', () => {
    expect(dependencyText(dep('prod', 30489, null))).toBe('from prod dependencies: 30,489 calls');
    expect(dependencyText(dep('zipkin', 1, 1))).toBe('from zipkin dependencies: 1 call (1 error)');
    expect(dependencyCalls({ dependencies: [dep('a', 3, null), dep('b', 4, 0)] })).toBe(7);
  });

  it('folds many edges into one entry per source without changing the entries it was given', () => {
    const first = dep('prod', 10, 1, '1000', '2000');
    const into = [first];
    foldDependencies(into, [dep('prod', 5, 2, '500', '1500'), dep('zipkin', 7, null)]);
    foldDependencies(into, [dep('prod', 1, null, '1200', '2500')]);
    expect(into).toEqual([dep('prod', 16, null, '500', '2500'), dep('zipkin', 7, null)]);
    expect(first).toEqual(dep('prod', 10, 1, '1000', '2000'));
  });

  it('pulls traces for the part of the graph window the backend counted in', () => {
    const d = dep('prod', 1, null, '1000', '2000');
    expect(tracePullWindow({}, d)).toEqual({ startNs: '1000', endNs: '2000' });
    expect(tracePullWindow({ startNs: '1500', endNs: '9000' }, d)).toEqual({ startNs: '1500', endNs: '2000' });
    expect(tracePullWindow({ startNs: '500', endNs: '1200' }, d)).toEqual({ startNs: '1000', endNs: '1200' });
    // Windows that do not meet: the backend's.
    expect(tracePullWindow({ startNs: '3000', endNs: '4000' }, d)).toEqual({ startNs: '1000', endNs: '2000' });
  });
});
