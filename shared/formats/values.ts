import type { AttrValue, Attributes } from '../model.js';
import { FormatError, MAX_NS } from './records.js';

/** Limits against hostile input: beyond them a file is refused, not truncated, so nothing is silently lost. */
export const LIMITS = {
  maxStringLength: 4 * 1024 * 1024,
  maxDepth: 32,
  maxAttributes: 10_000,
};

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new FormatError(path, `expected an object, got ${describe(value)}`);
  return value;
}

/** An optional array: absent or null is empty. */
export function asArray(value: unknown, path: string): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new FormatError(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function optString(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new FormatError(path, `expected a string, got ${describe(value)}`);
  return checkedString(value, path);
}

export function checkedString(value: string, path: string): string {
  if (value.length > LIMITS.maxStringLength) {
    throw new FormatError(path, `string of ${value.length} characters is over the ${LIMITS.maxStringLength} limit`);
  }
  return value;
}

/** A value as an error message shows it; a missing field reads as such, not as "undefined undefined". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const DIGITS = /^\d{1,20}$/;
const MAX_NS_TEXT = MAX_NS.toString();

/** Nanoseconds as OTLP writes them: a decimal string (the spec) or a number (also to be accepted). */
export function nsFrom(value: unknown, path: string): bigint {
  let ns: bigint;
  if (typeof value === 'string' && DIGITS.test(value)) ns = BigInt(value);
  else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) ns = BigInt(Math.trunc(value));
  else throw new FormatError(path, `expected nanoseconds since the epoch, got ${describe(value)}`);
  return inRange(ns, path);
}

/** Microseconds as Jaeger and Zipkin write them (a JSON number). */
export function nsFromMicros(value: unknown, path: string): bigint {
  let ns: bigint;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) ns = BigInt(Math.round(value)) * 1000n;
  else if (typeof value === 'string' && DIGITS.test(value)) ns = BigInt(value) * 1000n;
  else throw new FormatError(path, `expected microseconds, got ${describe(value)}`);
  return inRange(ns, path);
}

function inRange(ns: bigint, path: string): bigint {
  if (ns > MAX_NS) throw new FormatError(path, `time ${ns} ns is out of range (after the year 2262)`);
  return ns;
}

/** OTLP AnyValue → plain JSON value. int64 beyond 2^53 stays a string so it is not rounded. */
export function anyValue(value: unknown, path: string, depth = 0): AttrValue {
  if (depth > LIMITS.maxDepth) throw new FormatError(path, `value nested deeper than ${LIMITS.maxDepth} levels`);
  if (!isObject(value)) {
    if (value === undefined || value === null) return null;
    throw new FormatError(path, `expected an AnyValue object, got ${describe(value)}`);
  }
  if ('stringValue' in value) return optString(value.stringValue, `${path}.stringValue`);
  if ('boolValue' in value) return value.boolValue === true || value.boolValue === 'true';
  if ('intValue' in value) return intValue(value.intValue, `${path}.intValue`);
  if ('doubleValue' in value) {
    const double = value.doubleValue;
    if (typeof double === 'number') return double;
    if (typeof double === 'string' && double.trim() !== '' && !Number.isNaN(Number(double))) return Number(double);
    throw new FormatError(`${path}.doubleValue`, `expected a number, got ${describe(double)}`);
  }
  if ('arrayValue' in value) {
    const values = asArray(asObject(value.arrayValue, `${path}.arrayValue`).values, `${path}.arrayValue.values`);
    return values.map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1));
  }
  if ('kvlistValue' in value) {
    const list = asArray(asObject(value.kvlistValue, `${path}.kvlistValue`).values, `${path}.kvlistValue.values`);
    return keyValues(list, `${path}.kvlistValue.values`, depth + 1);
  }
  if ('bytesValue' in value) return optString(value.bytesValue, `${path}.bytesValue`);
  return null;
}

function intValue(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new FormatError(path, `expected an integer, got ${describe(value)}`);
}

/**
 * OTLP KeyValue list → attributes object. This runs for every attribute of every span and log, so the common scalar
 * values are read inline and error paths (`attributes[3].value`) are only built when there is an error to report.
 */
export function keyValues(list: unknown, path: string, depth = 0): Attributes {
  const items = asArray(list, path);
  if (items.length > LIMITS.maxAttributes) {
    throw new FormatError(path, `${items.length} attributes is over the ${LIMITS.maxAttributes} limit`);
  }
  const out: Attributes = {};
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) throw new FormatError(`${path}[${i}]`, `expected an object, got ${describe(item)}`);
    const key = item.key;
    if (typeof key !== 'string') throw new FormatError(`${path}[${i}].key`, `expected a string, got ${describe(key)}`);
    if (key.length > LIMITS.maxStringLength) checkedString(key, `${path}[${i}].key`);
    out[key] = scalarOrAny(item.value, path, i, depth);
  }
  return out;
}

function scalarOrAny(value: unknown, path: string, i: number, depth: number): AttrValue {
  if (isObject(value)) {
    const text = value.stringValue;
    if (typeof text === 'string' && text.length <= LIMITS.maxStringLength) return text;
    const int = value.intValue;
    if (typeof int === 'string' && int.length < 16 && /^-?\d+$/.test(int)) return Number(int);
    if (typeof int === 'number' && Number.isSafeInteger(int)) return int;
    const bool = value.boolValue;
    if (typeof bool === 'boolean') return bool;
    if (typeof value.doubleValue === 'number') return value.doubleValue;
  }
  return anyValue(value, `${path}[${i}].value`, depth);
}

/** `path.key`, for error messages only. */
export function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** An optional string field; the field's path is only built to report an error. */
export function optStringAt(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (typeof value === 'string' && value.length <= LIMITS.maxStringLength) return value;
  return optString(value, at(path, key));
}

/** A nanosecond field (see nsFrom); absent is `fallback`. */
export function nsAt(object: JsonObject, key: string, path: string, fallback: bigint | null = null): bigint {
  const value = object[key];
  // Up to 19 digits and not above int64's maximum (same-length decimal strings compare like numbers).
  if (typeof value === 'string' && value.length > 0 && (value.length < 19 || (value.length === 19 && value <= MAX_NS_TEXT)) && /^\d+$/.test(value)) {
    return BigInt(value);
  }
  if (value === undefined && fallback !== null) return fallback;
  return nsFrom(value, at(path, key));
}

/** A string attribute, if present: used to find service.name and friends. */
export function stringAttr(attributes: Attributes, key: string): string | null {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
