import { describe, expect, it } from 'vitest';
import { Rng } from '../../../test/fuzz/rng.js';
import { findJsonSyntaxError } from './json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in valid JSON, however deep', () => {
    const valid = ['{}', '[]', ' {"a": [1, -2.5e3, "x\\"\\u00e9", true, false, null, {}]} ', '"s"', '0', '[[]]'];
    for (const text of valid) expect(findJsonSyntaxError(text)).toBeNull();
    expect(findJsonSyntaxError('['.repeat(200_000) + ']'.repeat(200_000))).toBeNull();
  });

  it('agrees with JSON.parse on what is invalid, and says where and why in words', () => {
    const cases: [string, number, RegExp][] = [
      ['{"a":1,}', 7, /expected a key in double quotes, found '}'/],
      ['{"a" 1}', 5, /expected ':' after a key, found '1'/],
      ['[1 2]', 3, /expected ',' or ']', found '2'/],
      ['{"a":NaN}', 5, /found the word "NaN"/],
      ['{"a":"\\u12"}', 6, /\\u escape without four hex digits/],
      ['{"a":"abc', 5, /a string that is never closed/],
      ['{"a":1} x', 8, /unexpected 'x' after the end of the value/],
      ['{"a":-}', 5, /a '-' without a number after it/],
      ['[{"a":1}', 8, /the record ends before it is complete/],
      ['["\u0007"]', 2, /a control character \(U\+0007\)/],
    ];
    for (const [text, index, reason] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(findJsonSyntaxError(text)).toEqual({ index, reason: expect.stringMatching(reason) });
    }
  });

  it('accepts exactly what JSON.parse accepts, over 5,000 seeded mutations', () => {
    const base = '{"a": [1, -0.5e+2, "x\\n\\u0041", true, null], "b": {"c": false, "d": []}, "e": ""}';
    const alphabet = '{}[],:" \\u0123456789.-+eEtruefalsnlx\t\n\u0001é';
    const rng = new Rng(42);
    for (let n = 0; n < 5000; n++) {
      let text = base;
      for (let k = rng.int(1, 3); k > 0; k--) {
        const at = rng.int(0, text.length);
        const char = rng.pick([...alphabet]);
        const op = rng.int(0, 2);
        text = op === 0 ? text.slice(0, at) + char + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + char + text.slice(at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect([text, findJsonSyntaxError(text) === null]).toEqual([text, parses]);
    }
  });
});
