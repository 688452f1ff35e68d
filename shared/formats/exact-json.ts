import { FormatError } from './records.js';
import type { Json } from './values.js';

/**
 * Integers JSON.parse cannot hold. Elasticsearch/OpenSearch answer a sort on a `date_nanos` field with the epoch
 * nanoseconds as a JSON integer (~1.7e18); as a double it is rounded to a multiple of 256 ns, so a `search_after`
 * built from it would skip or repeat the documents in between. These values are read from the body text instead,
 * kept as BigInt, and written back as integers.
 */
export type ExactJson = Json | bigint;

/**
 * The last hit's sort values exactly as the engine wrote them. `parsed` is what JSON.parse made of them; when every
 * number in it is exact (ms dates, `_doc`, strings), it is returned as is and the text is not read. Otherwise the
 * last `"sort": [...]` of the body is read (the engine writes a hit's sort after its `_source`, so the last one is the
 * last hit's; a `"sort"` key cannot occur inside a JSON string, whose quotes are escaped) and checked to be the same
 * values before it is trusted.
 */
export function exactSortValues(text: string, parsed: readonly Json[]): ExactJson[] {
  if (parsed.every((v) => typeof v !== 'number' || !Number.isInteger(v) || Number.isSafeInteger(v))) return [...parsed];
  for (let at = text.lastIndexOf('"sort"'); at >= 0; at = at === 0 ? -1 : text.lastIndexOf('"sort"', at - 1)) {
    const values = flatArrayAfterKey(text, at + '"sort"'.length);
    if (values !== null && values.length === parsed.length && values.every((v, i) => sameValue(v, parsed[i]))) return values;
  }
  throw new FormatError('hits.hits[-1].sort', `the sort values ${JSON.stringify(parsed)} are integers too large to read exactly, and the body text does not show them; the next page cannot be asked for exactly`);
}

/** JSON with BigInt values written as plain integers (JSON.stringify refuses BigInt). */
export function jsonWithBigInts(value: unknown): string {
  let marker: string | null = null;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    // A fresh random marker per call: no string in the value can contain it by chance.
    marker ??= `__exact_integer_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}__`;
    return `${marker}${v.toString()}`;
  });
  return marker === null ? text : text.replaceAll(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*([,\]])/y;

/** `: [v, v, …]` of scalars after a key ending at `from`, with big integers as BigInt; null when it is not that. */
function flatArrayAfterKey(text: string, from: number): ExactJson[] | null {
  const open = /\s*:\s*\[\s*/y;
  open.lastIndex = from;
  if (open.exec(text) === null) return null;
  const values: ExactJson[] = [];
  TOKEN.lastIndex = open.lastIndex;
  if (text[TOKEN.lastIndex] === ']') return values;
  for (;;) {
    const token = TOKEN.exec(text);
    if (token === null) return null;
    const raw = token[1]!;
    values.push(/^-?\d+$/.test(raw) && !Number.isSafeInteger(Number(raw)) ? BigInt(raw) : (JSON.parse(raw) as Json));
    if (token[2] === ']') return values;
  }
}

function sameValue(exact: ExactJson, parsed: Json | undefined): boolean {
  return typeof exact === 'bigint' ? Number(exact) === parsed : exact === parsed;
}
