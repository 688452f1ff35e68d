/**
 * Where and why a JSON text is invalid, in words. Only called once JSON.parse has refused a record: its messages
 * count from the record's start in UTF-16 units, some give no position at all ("Unexpected token '}', "…" is not valid
 * JSON") and they quote the input. This walks the text once, iteratively (no recursion, so nesting depth costs
 * nothing), and stops at the first problem.
 */
export interface JsonSyntaxProblem {
  /** Index in the text (UTF-16 units) of the offending character; the text's length when it ends too early. */
  index: number;
  reason: string;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const LITERALS = new Set(['true', 'false', 'null']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      if (expect === 'after' && stack.length === 0) return null;
      return { index: text.length, reason: 'the record ends before it is complete (a bracket, brace or value is missing)' };
    }
    const c = text[i]!;
    if ((expect === 'valueOrClose' && c === ']') || (expect === 'keyOrClose' && c === '}')) {
      stack.pop();
      expect = 'after';
      i++;
      continue;
    }
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        if (c === '{' || c === '[') {
          stack.push(c);
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
          i++;
          continue;
        }
        const end = c === '"' ? stringEnd(text, i) : scalarEnd(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        expect = 'after';
        continue;
      }
      case 'key':
      case 'keyOrClose': {
        if (c !== '"') return { index: i, reason: `expected a key in double quotes, found ${show(text, i)}` };
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        expect = 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return { index: i, reason: `expected ':' after a key, found ${show(text, i)}` };
        expect = 'value';
        i++;
        continue;
      case 'after': {
        const open = stack.at(-1);
        if (open === undefined) return { index: i, reason: `unexpected ${show(text, i)} after the end of the value` };
        const close = open === '{' ? '}' : ']';
        if (c === ',') expect = open === '{' ? 'key' : 'value';
        else if (c === close) {
          stack.pop();
          expect = 'after';
        } else return { index: i, reason: `expected ',' or '${close}', found ${show(text, i)}` };
        i++;
      }
    }
  }
}

/** The index after the string starting at `start`, or what is wrong with it. */
function stringEnd(text: string, start: number): number | JsonSyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) {
      const hex = code.toString(16).padStart(4, '0');
      return { index: i, reason: `a control character (U+${hex}) inside a string; it must be written as \\u${hex}` };
    }
    if (code !== 0x5c) continue;
    const escape = text[i + 1];
    if (escape === 'u') {
      if (!HEX4.test(text.slice(i + 2, i + 6))) return { index: i, reason: 'a \\u escape without four hex digits' };
      i += 5;
    } else if (escape !== undefined && ESCAPES.has(escape)) i++;
    else if (escape !== undefined) return { index: i, reason: `an invalid escape: a backslash before ${show(text, i + 1)} inside a string` };
  }
  return { index: start, reason: 'a string that is never closed' };
}

/** The index after a number or literal at `start`, or what is wrong with it. */
function scalarEnd(text: string, start: number): number | JsonSyntaxProblem {
  NUMBER.lastIndex = start;
  if (NUMBER.exec(text) !== null && NUMBER.lastIndex > start) return NUMBER.lastIndex;
  WORD.lastIndex = start;
  const word = WORD.exec(text)?.[0];
  if (word !== undefined && LITERALS.has(word)) return start + word.length;
  if (word !== undefined) {
    const shown = word.length > 20 ? `${word.slice(0, 20)}…` : word;
    return { index: start, reason: `expected a value, found the word ${JSON.stringify(shown)} (only true, false and null are allowed)` };
  }
  if (text[start] === '-') return { index: start, reason: "a '-' without a number after it" };
  return { index: start, reason: `expected a value, found ${show(text, start)}` };
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function show(text: string, i: number): string {
  const code = text.charCodeAt(i);
  if (code >= 0x20 && code < 0x7f) return `'${text[i]!}'`;
  return `the character U+${code.toString(16).padStart(4, '0')}`;
}
