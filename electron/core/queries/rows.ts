import type { Attributes } from '../../../shared/model.js';

/**
 * Statements that read nanosecond columns run with safeIntegers (every INTEGER arrives as BigInt) so times are never
 * rounded through a double. These turn such row values into what the contract carries.
 */
export function ns(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : String(value);
}

export function nsOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : ns(value);
}

export function int(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

export function json<T>(text: unknown, fallback: T): T {
  return typeof text === 'string' && text !== '' ? (JSON.parse(text) as T) : fallback;
}

export function attributes(text: unknown): Attributes {
  return json<Attributes>(text, {});
}

/** A BigInt bound for a time window edge, or the open end. */
export function nsBound(value: string | undefined, open: bigint): bigint {
  return value === undefined ? open : BigInt(value);
}

export const MIN_NS = 0n;
export const MAX_NS = (1n << 63n) - 1n;
