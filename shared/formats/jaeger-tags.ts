import { type AttrValue, type Attributes } from '../model.js';
import { FormatError } from './records.js';
import { LIMITS, describe, isObject, type Json, type JsonObject } from './values.js';

/**
 * Jaeger's tags (`[{key, type, value}]`, on spans, processes and logs) read into attributes: each value by its
 * declared type, with the limits every format shares. Paths are built only when something is wrong.
 */

/** `list[i]` as a tag object. Paths are built only when something is wrong. */
export function tagAt(list: readonly Json[], i: number, path: string, field = 'tags'): JsonObject {
  const tag = list[i];
  if (isObject(tag)) return tag;
  throw new FormatError(`${at(path, field)}[${i}]`, `expected a tag object, got ${describe(tag)}`);
}

export function keyOf(tag: JsonObject, path: string, i: number, field = 'tags'): string {
  const key = tag.key;
  if (typeof key === 'string' && key.length <= LIMITS.maxStringLength) return key;
  throw new FormatError(`${at(path, field)}[${i}].key`, `expected a string key, got ${describe(key)}`);
}

const INT = /^-?\d{1,20}$/;

/**
 * A tag value by its `type`. Jaeger writes int64 beyond ±(2^53−1) as a string (kept a string, so it is not
 * rounded), binary as base64 (kept as the string), and some producers write every value as a string ("true").
 * Only scalars are accepted: Jaeger has no nested values, so nesting is refused before it can be deep.
 */
export function tagValue(tag: JsonObject, path: string, i: number, field = 'tags'): AttrValue {
  const value = tag.value;
  const type = tag.type;
  switch (type) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'int64':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && INT.test(value)) {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : value;
      }
      break;
    case 'float64':
      if (typeof value === 'number') return value;
      // Go cannot write NaN or ±Inf as JSON numbers; such strings are kept as written.
      if (typeof value === 'string' && value.trim() !== '')
        return Number.isFinite(Number(value)) ? Number(value) : value;
      break;
    default:
      // string, binary, absent or unknown types: any scalar as written.
      if (typeof value === 'string') {
        if (value.length <= LIMITS.maxStringLength) return value;
        throw new FormatError(
          `${at(path, field)}[${i}].value`,
          `string of ${value.length} characters is over the limit`,
        );
      }
      if (value === null || value === undefined) return null;
      if (typeof value === 'number' || typeof value === 'boolean') return value;
  }
  const shown = typeof type === 'string' ? `a ${type} tag value` : 'a scalar tag value';
  throw new FormatError(`${at(path, field)}[${i}].value`, `expected ${shown}, got ${describe(value)}`);
}

export function checkCount(list: readonly Json[], path: string, field: string): void {
  if (list.length > LIMITS.maxAttributes) {
    throw new FormatError(at(path, field), `${list.length} tags is over the ${LIMITS.maxAttributes} limit`);
  }
}

/** A plain assignment of "__proto__" would set the prototype and lose the tag; JSON allows that key. */
export function setAttr(out: Attributes, key: string, value: AttrValue): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** `path.key`, or `key` alone at the top level. */
export function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
