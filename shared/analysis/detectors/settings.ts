import type { DetectorName } from '../types.js';

/**
 * Every detector's thresholds in one table keyed by detector, as Sentry keeps them
 * (src/sentry/utils/performance_issues/base.py, DETECTOR_TYPE_TO_SETTINGS): the defaults are Sentry's published
 * ones where Sentry has the detector. Times are milliseconds here because that is how people state them.
 */
export interface DetectorSettings {
  'n-plus-one-db': { minRepeats: number; minTotalMs: number };
  'n-plus-one-api': { minRepeats: number; minTotalMs: number };
  'consecutive-db': { minCalls: number; minEachMs: number; minSavingMs: number };
  'consecutive-http': { minCalls: number; minEachMs: number; minSavingMs: number };
  'slow-db': { minMs: number };
  /** minTraces: a pause seen once is noise; one left in a handler shows in many of its traces. */
  sleep: { minMs: number; minShare: number; minTraces: number };
  /** minRetries: calls to one target that follow a failed call to it, under one parent. */
  'retry-storm': { minRetries: number };
  'pool-exhaustion': { minEvents: number };
}

export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = {
  'n-plus-one-db': { minRepeats: 5, minTotalMs: 50 },
  'n-plus-one-api': { minRepeats: 10, minTotalMs: 300 },
  'consecutive-db': { minCalls: 2, minEachMs: 30, minSavingMs: 100 },
  'consecutive-http': { minCalls: 3, minEachMs: 500, minSavingMs: 2000 },
  'slow-db': { minMs: 500 },
  sleep: { minMs: 100, minShare: 0.3, minTraces: 3 },
  'retry-storm': { minRetries: 2 },
  'pool-exhaustion': { minEvents: 1 },
};

/** The defaults with the caller's overrides, detector by detector (an override may name only some thresholds). */
export function resolveSettings(overrides: { [K in DetectorName]?: Partial<DetectorSettings[K]> } = {}): DetectorSettings {
  const merged = { ...DEFAULT_DETECTOR_SETTINGS } as Record<DetectorName, object>;
  for (const [name, value] of Object.entries(overrides) as [DetectorName, object | undefined][]) {
    if (value !== undefined) merged[name] = { ...merged[name], ...value };
  }
  return merged as DetectorSettings;
}

export const MS = 1_000_000;
