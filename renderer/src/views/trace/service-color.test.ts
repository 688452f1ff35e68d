import { describe, expect, it } from 'vitest';
import { serviceColor } from './service-color.js';

describe('serviceColor', () => {
  it('is stable for a name and spreads the demo services over distinct colours', () => {
    const services = ['frontend', 'ads', 'discounts', 'cart', 'checkout', 'payment', 'email-worker'];
    expect(services.map(serviceColor)).toEqual(services.map(serviceColor));
    expect(new Set(services.map(serviceColor)).size).toBeGreaterThanOrEqual(5);
    expect(serviceColor('frontend')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
