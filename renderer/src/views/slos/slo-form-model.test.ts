import { describe, expect, it } from 'vitest';
import { EMPTY_SLO_DRAFT, buildSlo, draftOf } from './slo-form-model.js';

describe('the SLO form’s draft', () => {
  it('builds a latency objective from what was typed', () => {
    const built = buildSlo({ ...EMPTY_SLO_DRAFT, name: 'checkout-latency', service: 'checkout', operation: 'PlaceOrder', threshold: '1.5s', target: '99.5' });
    expect(built).toEqual({
      slo: { name: 'checkout-latency', service: 'checkout', operation: 'PlaceOrder', objective: { kind: 'latency', thresholdMs: 1500, target: 0.995 }, periodDays: 28 },
    });
  });

  it('builds an availability objective on an attribute predicate', () => {
    const built = buildSlo({ ...EMPTY_SLO_DRAFT, name: 'ads-ok', service: 'ads', kind: 'availability', target: '99.9%', bad: 'attribute', badKey: 'rpc.grpc.status_code', badOp: '!=', badValue: '0', periodDays: '7' });
    expect(built).toEqual({
      slo: { name: 'ads-ok', service: 'ads', objective: { kind: 'availability', target: 0.999, bad: { key: 'rpc.grpc.status_code', op: '!=', value: '0' } }, periodDays: 7 },
    });
  });

  it('names every wrong field in words', () => {
    const built = buildSlo({ ...EMPTY_SLO_DRAFT, name: 'has spaces', threshold: 'soon', target: '100', periodDays: '0' });
    expect('errors' in built && Object.keys(built.errors).sort()).toEqual(['name', 'periodDays', 'service', 'target', 'threshold']);
    const noKey = buildSlo({ ...EMPTY_SLO_DRAFT, name: 'x', service: 'ads', kind: 'availability', bad: 'attribute' });
    expect('errors' in noKey && noKey.errors.badKey).toBe('the attribute that marks a failure');
  });

  it('turns an SLO back into the draft that builds it', () => {
    for (const draft of [
      { ...EMPTY_SLO_DRAFT, name: 'a', service: 'ads', threshold: '250ms', target: '99.9' },
      { ...EMPTY_SLO_DRAFT, name: 'b', service: 'cart', operation: 'GetCart', kind: 'availability' as const, bad: 'http-5xx' as const, target: '99.95' },
    ]) {
      const built = buildSlo(draft);
      if (!('slo' in built)) throw new Error('expected an SLO');
      expect(buildSlo(draftOf(built.slo))).toEqual(built);
    }
  });
});
