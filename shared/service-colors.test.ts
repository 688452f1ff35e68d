import { describe, expect, it } from 'vitest';
import { assignServiceColors, preferredServiceColor, SERVICE_PALETTE } from './service-colors.js';

const DEMO = ['frontend', 'ads', 'discounts', 'cart', 'checkout', 'payment', 'email-worker', 'postgresql'];

describe('assignServiceColors', () => {
  it('gives the demo services eight different colours, the same whatever order they come in', () => {
    const colors = assignServiceColors(DEMO);
    expect(new Set(colors.values()).size).toBe(DEMO.length);
    expect(assignServiceColors([...DEMO].reverse())).toEqual(colors);
    // ads and payment were both orange under the plain hash.
    expect(colors.get('ads')).not.toBe(colors.get('payment'));
  });

  it('keeps a service in its preferred colour when nothing else wants it', () => {
    expect(assignServiceColors(['frontend']).get('frontend')).toBe(preferredServiceColor('frontend'));
  });

  it('keeps the colours a profile drew before when new services arrive', () => {
    const before = assignServiceColors(DEMO);
    const after = assignServiceColors([...DEMO, 'apip', 'api', 'session_logs'], before);
    for (const service of DEMO) expect(after.get(service)).toBe(before.get(service));
    expect(new Set(after.values()).size).toBe(after.size);
  });

  it('stays distinct past the palette', () => {
    const many = Array.from({ length: SERVICE_PALETTE.length + 6 }, (_, i) => `svc-${i}`);
    expect(new Set(assignServiceColors(many).values()).size).toBe(many.length);
  });
});
