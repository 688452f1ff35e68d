import { findJsonSyntaxError } from './json-syntax.js';

/**
 * What the splitter (json-units.ts) hands out: units of JSON text with where they sit in the file, parsed when read,
 * and its errors, which say the byte and the record.
 */
export type JsonPath = readonly (string | number)[];

/** Every unit says which record it is in: `[]` at the top level, else the opened record's path (`['data', 0]`). */
export type Unit =
  | { type: 'begin'; container: 'object' | 'array'; offset: number; record: JsonPath }
  /**
   * An element of the array member `key` (index ≥ 0), or the member's whole value (index -1) when it is not an array
   * or is an empty one (so `{"resourceSpans": []}` is seen as what it is: an export with nothing in it).
   */
  | ValueUnit<'member'>
  /** An element of a top-level array (or of an opened array record); `key` is ''. */
  | ValueUnit<'element'>
  | { type: 'end'; offset: number; record: JsonPath };

/**
 * A member or element: its JSON text, parsed when `value` is first read. A consumer that only keeps the text (spans
 * held back until their trace's processes arrive) does not pay for parsing it twice; a syntax error is reported the
 * same whenever the parse happens, with the byte and the path.
 */
export class ValueUnit<T extends 'member' | 'element'> {
  private parsed: unknown = UNPARSED;

  constructor(
    readonly type: T,
    readonly key: string,
    readonly index: number,
    readonly text: string,
    readonly offset: number,
    readonly record: JsonPath,
  ) {}

  get value(): unknown {
    if (this.parsed === UNPARSED) this.parsed = parseJsonText(this.text, this.offset, this.path);
    return this.parsed;
  }

  get path(): string {
    if (this.type === 'element') return pathText([...this.record, this.index]);
    return pathText(this.index >= 0 ? [...this.record, this.key, this.index] : [...this.record, this.key]);
  }
}

const UNPARSED = Symbol('unparsed');

/** JSON.parse, or an error saying where in the file (`text` starts at byte `offset`) and why, in words. */
export function parseJsonText(text: string, offset: number, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (problem === null) throw new JsonStreamError(offset, `invalid JSON (${(error as Error).message})`, path);
    throw new JsonStreamError(offset + Buffer.byteLength(text.slice(0, problem.index)), `invalid JSON: ${problem.reason}`, path);
  }
}

/** `data[0].spans[5]`, `[3]`, `result.resourceSpans[0]`: a path as error messages show it. */
export function pathText(path: JsonPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

export class JsonStreamError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
    /** The record the problem is in (`resourceSpans[3]`, `[0]`), or '' outside any record. */
    readonly path = '',
  ) {
    super(`byte ${offset}: ${path === '' ? '' : `record ${path}: `}${reason}`);
    this.name = 'JsonStreamError';
  }
}
