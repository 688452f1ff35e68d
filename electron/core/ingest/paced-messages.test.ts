import { describe, expect, it } from 'vitest';
import { PacedMessages } from './paced-messages.js';

/** Busy-waits: a batch being written holds the thread like this. */
function hold(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('PacedMessages', () => {
  it('handles every message in order, letting timers run between slices', async () => {
    const seen: string[] = [];
    const paced = new PacedMessages<number>((n) => {
      hold(5);
      seen.push(`m${n}`);
    }, 20);
    for (let n = 0; n < 40; n++) paced.push(n);
    setTimeout(() => seen.push('timer'), 0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seen.filter((s) => s !== 'timer')).toEqual(Array.from({ length: 40 }, (_, n) => `m${n}`));
    // 40 × 5 ms in one go would have kept the timer waiting behind every message.
    expect(seen.indexOf('timer')).toBeGreaterThan(0);
    expect(seen.indexOf('timer')).toBeLessThan(10);
  });

  it('drops what is queued once stopped', async () => {
    const seen: number[] = [];
    const paced = new PacedMessages<number>((n) => {
      seen.push(n);
      if (n === 2) paced.stop();
    });
    for (let n = 0; n < 10; n++) paced.push(n);
    await new Promise((resolve) => setTimeout(resolve, 20));
    paced.push(11);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([0, 1, 2]);
  });
});
