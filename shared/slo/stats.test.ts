import { describe, expect, it } from 'vitest';
import { mannWhitneyGreater, normalCdf, proportionGreater, requestsNeededForRate } from './stats.js';

/** A small deterministic PRNG so the tests are repeatable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('normalCdf', () => {
  it('matches the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-2.326)).toBeCloseTo(0.01, 4);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 5);
  });
});

describe('mannWhitneyGreater', () => {
  it('computes U exactly on a hand-worked example', () => {
    // candidate ranks among [1,2,3,4,5,6]: 4,5,6 → rank sum 15, U = 15 - 6 = 9 = n1·n2 (every candidate larger)
    const r = mannWhitneyGreater([4, 5, 6], [1, 2, 3]);
    expect(r.statistic).toBe(9);
    // ties share their average rank: [1,2,2] vs [2,3,4] → candidate ranks 1, 3, 3 → 7 - 6 = 1
    expect(mannWhitneyGreater([1, 2, 2], [2, 3, 4]).statistic).toBe(1);
  });

  it('finds a 500 ms shift among hundreds of requests and nothing between samples of one distribution', () => {
    const random = rng(7);
    const base = Array.from({ length: 400 }, () => 200e6 + random() * 150e6);
    const slower = Array.from({ length: 400 }, () => 700e6 + random() * 150e6);
    const same = Array.from({ length: 400 }, () => 200e6 + random() * 150e6);
    expect(mannWhitneyGreater(slower, base).pValue).toBeLessThan(1e-6);
    expect(mannWhitneyGreater(same, base).pValue).toBeGreaterThan(0.01);
    // one-sided: a faster candidate is no evidence of worse
    expect(mannWhitneyGreater(base, slower).pValue).toBeGreaterThan(0.99);
  });

  it('keeps its false-positive rate near α over many same-distribution samples', () => {
    const random = rng(11);
    let positives = 0;
    for (let run = 0; run < 300; run++) {
      const a = Array.from({ length: 60 }, () => Math.round(random() * 20)); // many ties
      const b = Array.from({ length: 60 }, () => Math.round(random() * 20));
      if (mannWhitneyGreater(a, b).pValue < 0.05) positives++;
    }
    expect(positives / 300).toBeLessThan(0.09);
  });
});

describe('proportionGreater', () => {
  it('tells 5% from 1% at a thousand requests, and not at thirty', () => {
    expect(proportionGreater(50, 1000, 10, 1000).pValue).toBeLessThan(1e-6);
    expect(proportionGreater(2, 30, 1, 30).pValue).toBeGreaterThan(0.1);
    expect(proportionGreater(10, 1000, 50, 1000).pValue).toBeGreaterThan(0.99);
  });
});

describe('requestsNeededForRate', () => {
  it('asks for more requests to see smaller rises', () => {
    const big = requestsNeededForRate(0.01, 0.05);
    const small = requestsNeededForRate(0.01, 0.01);
    expect(big).toBeGreaterThan(50);
    expect(big).toBeLessThan(400);
    expect(small).toBeGreaterThan(big * 5);
  });
});
