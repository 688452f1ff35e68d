import { describe, expect, it } from 'vitest';
import { loadLabel } from './load-label.js';

describe('load list labels', () => {
  it('names a file or URL by its last segment', () => {
    expect(loadLabel('/home/me/incidents/checkout.otlp.json')).toBe('checkout.otlp.json');
    expect(loadLabel('C:\\Users\\me\\trace.json')).toBe('trace.json');
  });

  it('names a pulled question by source, kind and what was asked, whatever quotes and backslashes it holds', () => {
    const traceql = '{ resource.service.name = "productpage.bookinfo" && span.path = "C:\\\\x" }';
    expect(loadLabel(`tempo traces ${JSON.stringify({ endNs: '2', limit: 20, startNs: '1', traceql })}`)).toBe(`tempo traces: ${traceql}`);
    expect(loadLabel(`loki logs ${JSON.stringify({ limit: 1000, lookbackMs: 3600000, query: '{app="cart"}' })}`)).toBe('loki logs: {app="cart"}');
    expect(loadLabel(`jaeger traces ${JSON.stringify({ limit: 20, operation: 'GET /cart', service: 'frontend' })}`)).toBe('jaeger traces: frontend GET /cart');
    expect(loadLabel(`zipkin dependencies ${JSON.stringify({ lookbackMs: 3600000 })}`)).toBe('zipkin dependencies');
    expect(loadLabel(`trace ${'ab'.repeat(16)}`)).toBe(`trace ${'ab'.repeat(16)}`);
  });
});
