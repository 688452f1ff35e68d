import { describe, expect, it } from 'vitest';
import { PALETTES, healthColor, mix, severity } from './color-scale.js';

const MS = 1e6;

describe('severity', () => {
  it('puts error rates on the fine / suspicious / bad stops, clamped', () => {
    expect(severity('errors', 0)).toBe(0);
    expect(severity('errors', 0.01)).toBeCloseTo(0.5);
    expect(severity('errors', 0.05)).toBe(1);
    expect(severity('errors', 0.9)).toBe(1);
    expect(severity('errors', 0.03)).toBeGreaterThan(0.5);
  });
  it('reads latency on a log scale from 10 ms to 1 s', () => {
    expect(severity('latency', 2 * MS)).toBe(0);
    expect(severity('latency', 100 * MS)).toBeCloseTo(0.5);
    expect(severity('latency', 540 * MS)).toBeGreaterThan(0.8);
    expect(severity('latency', 5000 * MS)).toBe(1);
  });
  it('is monotonic', () => {
    let last = -1;
    for (let ms = 0.1; ms < 10_000; ms *= 1.3) {
      const s = severity('latency', ms * MS);
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });
});

describe('healthColor', () => {
  const palette = PALETTES.dark;
  it('uses the palette ends and the neutral colour for no figure', () => {
    expect(healthColor(palette, 'errors', 0)).toBe(palette.ok);
    expect(healthColor(palette, 'errors', 0.2)).toBe(palette.bad);
    expect(healthColor(palette, 'errors', 0.01)).toBe(palette.warn);
    expect(healthColor(palette, 'latency', null)).toBe(palette.none);
  });
  it('blends channels linearly', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#102030', '#102030', 0.7)).toBe('#102030');
  });
});
