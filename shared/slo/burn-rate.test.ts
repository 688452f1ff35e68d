import { describe, expect, it } from 'vitest';
import { sloStatus } from './burn-rate.js';
import { sloDefinition, type SloMinute } from './types.js';

const MINUTE_NS = 60_000_000_000n;
const START = 29_000_000; // a minute number in 2025

const availability = sloDefinition.parse({
  name: 'checkout-availability',
  service: 'checkout',
  objective: { kind: 'availability', target: 0.999 },
  periodDays: 1,
});

function minutes(count: number, at: (i: number) => { total: number; bad: number }): SloMinute[] {
  return Array.from({ length: count }, (_, i) => ({ minute: START + i, ...at(i) }));
}

const window = (fromMinute: number, toMinute: number) => ({
  startNs: BigInt(START + fromMinute) * MINUTE_NS,
  endNs: BigInt(START + toMinute) * MINUTE_NS + MINUTE_NS - 1n,
});

describe('sloStatus', () => {
  it('says a system within its objective burns at about 1× and fires nothing', () => {
    const data = minutes(600, () => ({ total: 1000, bad: 1 }));
    const status = sloStatus(availability, data, window(0, 599), false);
    expect(status.compliance).toBeCloseTo(0.999, 6);
    expect(status.burnRate1h).toBeCloseTo(1, 6);
    expect(status.alerts.every((a) => a.firedAtNs.length === 0 && !a.firing)).toBe(true);
    expect(status.gapMinutes).toBe(0);
  });

  it('pages once the 1 h and 5 min burn rates both pass 14.4×, at the minute they do', () => {
    const onset = 480;
    const data = minutes(600, (i) => ({ total: 1000, bad: i >= onset ? 50 : 1 }));
    const status = sloStatus(availability, data, window(0, 599), false);
    const page = status.alerts.find((a) => a.name === 'page')!;
    // The hour's bad share passes 1.44% once (50k + 60 - k) / 60,000 > 0.0144: k = 17 minutes, the 17th at onset + 16.
    expect(page.firedAtNs).toEqual([(BigInt(START + onset + 16) * MINUTE_NS).toString()]);
    expect(page.firing).toBe(true);
    const ticket = status.alerts.find((a) => a.name === 'ticket')!;
    expect(ticket.firedAtNs.length).toBe(1);
    expect(BigInt(ticket.firedAtNs[0]!)).toBeGreaterThan(BigInt(page.firedAtNs[0]!));
    expect(status.budgetRemaining!).toBeLessThan(0);
  });

  it('counts minutes without events as gaps, never as good', () => {
    const data = minutes(120, (i) => (i % 2 === 0 ? { total: 100, bad: 10 } : { total: 0, bad: 0 }));
    const status = sloStatus(availability, data, window(0, 119), false);
    expect(status.gapMinutes).toBe(60);
    expect(status.compliance).toBeCloseTo(0.9, 9);
    expect(status.series.filter((m) => m.budgetRemaining === null).length).toBe(60);
  });

  it('has no compliance at all for a window without events, and keeps the estimate flag', () => {
    const status = sloStatus(availability, [], window(0, 59), true);
    expect(status.compliance).toBeNull();
    expect(status.budgetRemaining).toBeNull();
    expect(status.estimated).toBe(true);
  });
});
