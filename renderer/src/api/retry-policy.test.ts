import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract-kit.js';
import { shouldRetry } from './retry-policy.js';

describe('shouldRetry', () => {
  it('retries an unexplained failure once', () => {
    expect(shouldRetry(0, new ApiError('failed', 'database is locked'))).toBe(true);
    expect(shouldRetry(0, new TypeError('network'))).toBe(true);
    expect(shouldRetry(1, new ApiError('failed', 'database is locked'))).toBe(false);
  });

  it('does not retry errors that will repeat', () => {
    expect(shouldRetry(0, new ApiError('forbidden', 'missing or wrong token'))).toBe(false);
    expect(shouldRetry(0, new ApiError('invalid-input', 'getTrace: traceId: too short'))).toBe(false);
    expect(shouldRetry(0, new ApiError('not-found', 'no such trace'))).toBe(false);
  });
});
