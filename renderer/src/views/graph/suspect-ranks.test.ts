import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../../../shared/analysis/types.js';
import { suspectRanks } from './suspect-ranks.js';

describe('suspectRanks', () => {
  it('gives each of the first suspects’ services its best rank, and nothing without an analysis', () => {
    const suspect = (rank: number, service: string) => ({ rank, service }) as AnalysisResult['suspects'][number];
    const result = { suspects: [suspect(1, 'cart'), suspect(2, 'ads'), suspect(3, 'cart'), suspect(4, 'a'), suspect(5, 'b'), suspect(6, 'c')] } as AnalysisResult;
    expect([...suspectRanks(result)]).toEqual([['cart', 1], ['ads', 2], ['a', 4], ['b', 5]]);
    expect(suspectRanks(null).size).toBe(0);
  });
});
