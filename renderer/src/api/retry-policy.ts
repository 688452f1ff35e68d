import { ApiError } from '../../../shared/contract-kit.js';

/**
 * Whether a failed query is worth one more try. Only 'failed' (a crash or an unreachable server) might pass on a
 * second go; a refused token, bad input or a missing trace will fail the same way, and retrying only delays the
 * message the user needs to see.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  return !(error instanceof ApiError) || error.code === 'failed';
}
