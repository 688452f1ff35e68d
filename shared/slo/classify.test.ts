import { describe, expect, it } from 'vitest';
import { otelThreshold, samplingWeight } from './classify.js';

describe('sampling weights', () => {
  it('reads OpenTelemetry’s threshold from the W3C tracestate: th:c keeps 1 in 4, th:8 1 in 2, th:0 all', () => {
    expect(otelThreshold('ot=th:c')).toBe(0.75);
    expect(samplingWeight({}, 'ot=th:c')).toBe(4);
    expect(samplingWeight({}, 'vendor=x,ot=rv:a1b2c3d4e5f6a7;th:8')).toBe(2);
    expect(samplingWeight({}, 'ot=th:0')).toBe(1);
    expect(samplingWeight({}, 'ot=th:fd70a3d70a3d71')).toBeCloseTo(100, 6);
  });

  it('ignores a tracestate with no valid threshold, or one that would reject everything', () => {
    expect(otelThreshold('ot=th:zz')).toBeNull();
    expect(otelThreshold('ot=th:')).toBeNull();
    expect(otelThreshold('other=th:c')).toBeNull();
    expect(otelThreshold('ot=th:ffffffffffffff0')).toBeNull();
    expect(samplingWeight({}, 'garbage')).toBe(1);
  });

  it('weighs Jaeger’s probabilistic sampler and explicit ratios, and a span kept on purpose as one request', () => {
    expect(samplingWeight({ 'sampler.type': 'probabilistic', 'sampler.param': 0.1 })).toBeCloseTo(10);
    expect(samplingWeight({ 'sampling.ratio': 0.5 })).toBe(2);
    expect(samplingWeight({ SampleRate: 20 })).toBe(20);
    expect(samplingWeight({ 'sampler.type': 'probabilistic', 'sampler.param': 0.1, 'sampling.priority': 1 })).toBe(1);
    expect(samplingWeight({ 'sampling.priority': 1 }, 'ot=th:c')).toBe(1);
    expect(samplingWeight({})).toBe(1);
  });
});
