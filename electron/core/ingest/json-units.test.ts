import { describe, expect, it, vi } from 'vitest';
import { JsonStreamError, pathText, type JsonPath, type Unit } from './json-unit.js';
import { JsonUnitSplitter } from './json-units.js';

function split(text: string, chunkSize = 7): Unit[] {
  const units: Unit[] = [];
  // Reading each value, as the format router does: values are parsed when first read.
  const splitter = new JsonUnitSplitter((unit) => units.push(unit) && 'value' in unit && unit.value);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize));
  splitter.end();
  return units;
}

const brief = (units: Unit[]) =>
  units.map((u) => (u.type === 'member' ? [u.key, u.index, u.value] : u.type === 'element' ? ['[]', u.index, u.value] : u.type));

describe('JsonUnitSplitter', () => {
  it('splits member arrays into elements and keeps other members whole, across any chunking', () => {
    const text = '{"resourceSpans": [{"a": "x}]\\"{"}, {"b": [1, {"c": 2}]}], "total": 0, "s": "q\\"", "o": {"k": [1]}, "e": []}';
    const expected = [
      'begin',
      ['resourceSpans', 0, { a: 'x}]"{' }],
      ['resourceSpans', 1, { b: [1, { c: 2 }] }],
      ['total', -1, 0],
      ['s', -1, 'q"'],
      ['o', -1, { k: [1] }],
      ['e', -1, []],
      'end',
    ];
    for (const size of [1, 2, 3, 5, 64, 4096]) expect(brief(split(text, size))).toEqual(expected);
  });

  it('splits top-level arrays, arrays of arrays and newline-delimited values', () => {
    expect(brief(split('[{"id":"1"},[{"id":"2"}], 3]'))).toEqual([
      'begin',
      ['[]', 0, { id: '1' }],
      ['[]', 1, [{ id: '2' }]],
      ['[]', 2, 3],
      'end',
    ]);
    expect(brief(split('{"x":[1]}\n{"y":[2,3]}\n'))).toEqual(['begin', ['x', 0, 1], 'end', 'begin', ['y', 0, 2], ['y', 1, 3], 'end']);
  });

  it('reads multi-byte UTF-8 split across chunks and skips a byte-order mark', () => {
    expect(brief(split('\ufeff[{"name":"订单服务 ✓"}]', 1))).toEqual(['begin', ['[]', 0, { name: '订单服务 ✓' }], 'end']);
  });

  it('reports truncated input with the byte offset', () => {
    expect(() => split('{"resourceSpans": [{"a": 1}, {"b": ')).toThrow(/^byte 35: record resourceSpans\[1\]: unexpected end of file/);
    expect(() => split('{"resourceSpans": [{"a": 1}')).toThrow(JsonStreamError);
  });

  it('reports invalid JSON inside a record in words, at the offending byte, naming the record', () => {
    const cases: [string, number, RegExp][] = [
      ['{"data": [{"ok": 1}, {"bad": tru}]}', 29, /record data\[1\]: invalid JSON: expected a value, found the word "tru"/],
      ['[{"a": "é\u0001"}]', 10, /record \[0\]: invalid JSON: a control character \(U\+0001\) inside a string/],
      ['{"resourceSpans": [{"a": 1,}]}', 27, /record resourceSpans\[0\]: invalid JSON: expected a key in double quotes, found '}'/],
      ['{"x": {"a": "\\q"}}', 13, /record x: invalid JSON: an invalid escape: a backslash before 'q' inside a string/],
    ];
    for (const [text, offset, reason] of cases) {
      const error = (() => {
        try {
          split(text);
        } catch (e) {
          return e;
        }
      })() as JsonStreamError;
      expect(error).toBeInstanceOf(JsonStreamError);
      expect([error.offset, error.message]).toEqual([offset, expect.stringMatching(reason)]);
      expect(error.message).not.toMatch(/is not valid JSON|at position/);
    }
  });

  it('refuses a repeated key and a control character in a key in words, not with an internal error', () => {
    expect(() => split('{"x":1,"x":[2]}')).toThrow(/^byte 7: record x: the key "x" appears twice in the same object$/);
    expect(() => split('{"a\u0001b":1}')).toThrow(/^byte 3: invalid JSON: a control character \(U\+0001\) inside a string/);
  });

  it('hands on empty member arrays, so an empty export is seen as one', () => {
    expect(brief(split('{"resourceSpans": [ ]}'))).toEqual(['begin', ['resourceSpans', -1, []], 'end']);
    expect(brief(split('[]'))).toEqual(['begin', 'end']);
  });

  it('says a UTF-16 file is UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"data":[]}', 'utf16le')]);
    const splitter = new JsonUnitSplitter(() => undefined);
    expect(() => splitter.push(utf16)).toThrow(/^byte 0: the file is UTF-16 text/);
    expect(() => split('{"data":[]}'.split('').join('\u0000'))).toThrow(/^byte 1: expected an object key, found a NUL byte \(is the file UTF-16/);
  });

  it('refuses scalars and garbage at the top level', () => {
    expect(() => split('<html><body>login</body></html>')).toThrow(/expected a JSON object or array, found '<'/);
    expect(() => split('{"a" 1}')).toThrow(/expected ':'/);
  });

  it('refuses a record larger than the cap', () => {
    const splitter = new JsonUnitSplitter(() => undefined, 100);
    expect(() => splitter.push(Buffer.from(`[{"a":"${'x'.repeat(200)}"}]`))).toThrow(/larger than/);
  });

  it('opens a record past openAbove, where allowed, into units of its own at any depth and chunking', () => {
    const text = '{"data": [{"traceID": "t", "spans": [{"s": "a]}"}, {"s": "b"}], "processes": {"p1": {"x": [1]}}}, {"small": 1}], "n": 2}';
    const canOpen = (path: JsonPath) => pathText(path) === 'data[0]' || pathText(path) === 'data[0].spans[1]';
    for (const size of [1, 3, 7, 4096]) {
      const units: Unit[] = [];
      const splitter = new JsonUnitSplitter((unit) => units.push(unit), { openAbove: 10, canOpen });
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
      splitter.end();
      const shown = units.map((u) => [pathText(u.record), u.type, u.type === 'member' ? u.key : u.type === 'element' ? u.index : '', 'text' in u ? u.text : '']);
      expect(shown).toEqual([
        ['', 'begin', '', ''],
        ['data[0]', 'begin', '', ''],
        ['data[0]', 'member', 'traceID', '"t"'],
        ['data[0]', 'member', 'spans', '{"s": "a]}"}'],
        // Under 10 bytes: read whole although it may be opened.
        ['data[0]', 'member', 'spans', '{"s": "b"}'],
        ['data[0]', 'member', 'processes', '{"p1": {"x": [1]}}'],
        ['data[0]', 'end', '', ''],
        ['', 'member', 'data', '{"small": 1}'],
        ['', 'member', 'n', '2'],
        ['', 'end', '', ''],
      ]);
    }
  });

  it('still refuses a record that may not be opened past the cap, and a cut-short opened one by its path', () => {
    const big = `{"data": [{"spans": [{"s": "${'x'.repeat(200)}"}]}]}`;
    const options = { openAbove: 10, maxUnitBytes: 100, canOpen: (path: JsonPath) => path.length === 2 };
    expect(() => new JsonUnitSplitter(() => undefined, options).push(Buffer.from(big))).toThrow(/record data\[0\]\.spans\[0\]: a single record is larger than/);
    const cut = new JsonUnitSplitter(() => undefined, options);
    cut.push(Buffer.from('{"data": [{"spans": [{"s": 1}, {"s": 2}'));
    expect(() => cut.end()).toThrow(/^byte 39: record data\[0\]: unexpected end of file/);
  });

  it('searches each chunk a bounded number of times however many escapes a string holds', () => {
    // Counts the bytes Buffer#indexOf walks: a search from every backslash to the end of the chunk made 1 MB of
    // `\u0041` escapes cost ~10^11 byte comparisons (seconds); a linear scan walks each byte about once per search.
    const original = Buffer.prototype.indexOf;
    let walked = 0;
    const spy = vi.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (this: Buffer, ...args) {
      const found = original.apply(this, args);
      walked += (found < 0 ? this.length : found) - Number(args[1] ?? 0);
      return found;
    });
    try {
      for (const body of ['\\u0041'.repeat(100_000), 'A'.repeat(600_000), '\\"'.repeat(200_000)]) {
        const text = `{"resourceLogs": [{"body": "${body}"}]}`;
        walked = 0;
        const units = split(text, 256 * 1024);
        expect(units).toHaveLength(3);
        expect(walked).toBeLessThan(3 * text.length);
      }
    } finally {
      spy.mockRestore();
    }
  });
});
