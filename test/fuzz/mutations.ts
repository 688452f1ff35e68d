import { gzipSync } from 'node:zlib';
import { baseDocument, type FuzzFormat } from './bases.js';
import type { Rng } from './rng.js';

/**
 * Turns a valid document into a hostile file: mutations of values (type swaps, missing fields, bad ids and times,
 * long, escape-heavy and deep values), of the text (repeated keys, control characters, invalid tokens), of the bytes
 * (truncations, flips), and of the encoding (BOM, UTF-16, gzip, corrupt gzip, bombs). Each input lists what was done
 * to it, so a failure reads as a recipe.
 */
export interface FuzzInput {
  bytes: Buffer;
  gzip: boolean;
  mutations: string[];
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Raw JSON text to put where a marker string was (JSON.stringify cannot write 100k-deep values or raw escapes). */
interface Raw {
  raws: string[];
}

const BAD_IDS: unknown[] = ['', '0'.repeat(32), 'zz', 'x'.repeat(300), 'éé', 12345, 'AAAAAAAAAAA=', 'a'.repeat(33), ' abc', null, true, ['ab']];
const BAD_TIMES: unknown[] = ['-1', -5, '99999999999999999999', 1e30, 'yesterday', 1.5, '1e9', '', '9223372036854775808', -0.0, 2 ** 63, '0x10'];
const VALUES: unknown[] = [0, -1, 1e308, 'text', '', true, false, null, [], {}, [1, 'a'], { a: { b: null } }];

function slots(root: unknown, limit = 20_000): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node as Record<string, unknown>, key });
        stack.push(child);
      }
    }
  }
  return out;
}

function get(slot: Slot): unknown {
  return (slot.parent as Record<string | number, unknown>)[slot.key];
}

function set(slot: Slot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

function marker(raw: Raw, text: string): string {
  raw.raws.push(text);
  return `@@FUZZ${raw.raws.length - 1}@@`;
}

function deepValue(rng: Rng): string {
  // The big sizes are rarer: they cost the most time and find the same things every time.
  const depth = rng.weighted([[40, 50], [1_000, 30], [20_000, 15], [100_000, 5]] as const);
  switch (rng.int(0, 2)) {
    case 0:
      return '['.repeat(depth) + ']'.repeat(depth);
    case 1:
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    default:
      return '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth) + '{"stringValue":"x"}' + '}]}}'.repeat(depth);
  }
}

function longLength(rng: Rng): number {
  return rng.weighted([[1_000, 50], [100_000, 30], [1_000_000, 12], [4 * 1024 * 1024 + 1, 6], [10 * 1024 * 1024, 2]] as const);
}

/** One mutation of a value somewhere in the document; returns its name. */
function mutateValue(doc: unknown, rng: Rng, raw: Raw): string {
  const all = slots(doc);
  if (all.length === 0) return 'none';
  const pickWhere = (test: (slot: Slot) => boolean) => {
    const matching = all.filter(test);
    return matching.length > 0 ? rng.pick(matching) : rng.pick(all);
  };
  const named = (pattern: RegExp) => pickWhere((s) => typeof s.key === 'string' && pattern.test(s.key));
  const stringSlot = () => pickWhere((s) => typeof get(s) === 'string');
  switch (rng.int(0, 9)) {
    case 0: {
      // Copies: a shared value placed twice in one document could be made to contain itself by a later mutation.
      set(rng.pick(all), structuredClone(rng.pick(VALUES)));
      return 'type swap';
    }
    case 1: {
      const slot = pickWhere((s) => !Array.isArray(s.parent));
      if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
      else delete slot.parent[slot.key as string];
      return 'missing field';
    }
    case 2:
      set(named(/id$/i), structuredClone(rng.pick(BAD_IDS)));
      return 'bad id';
    case 3:
      set(named(/time|nano|timestamp|duration/i), rng.pick(BAD_TIMES));
      return 'bad time';
    case 4: {
      const length = longLength(rng);
      set(stringSlot(), 'x'.repeat(length));
      return `long string (${length})`;
    }
    case 5: {
      const count = rng.weighted([[1_000, 60], [100_000, 30], [1_000_000, 10]] as const);
      set(stringSlot(), marker(raw, `"${'\\u0041'.repeat(count)}"`));
      return `escape-heavy string (${count} escapes)`;
    }
    case 6:
      set(rng.pick(all), marker(raw, deepValue(rng)));
      return 'deep nesting';
    case 7: {
      const slot = pickWhere((s) => Array.isArray(get(s)));
      set(slot, rng.chance(0.5) ? [] : null);
      return 'empty or null array';
    }
    case 8: {
      const slot = stringSlot();
      const text = get(slot);
      set(slot, `${typeof text === 'string' ? text : ''}${rng.pick(['\ud800', '\u202e', '😀', '\u0000', '"}]'])}`);
      return 'odd unicode';
    }
    default:
      set(rng.pick(all), structuredClone(rng.pick(all).parent));
      return 'subtree copied elsewhere';
  }
}

function serialize(doc: unknown, raw: Raw): string {
  const text = JSON.stringify(doc) ?? 'null';
  return raw.raws.length === 0 ? text : text.replace(/"@@FUZZ(\d+)@@"/g, (_, i: string) => raw.raws[Number(i)]!);
}

/** Mutations of the text that no JSON value can express. */
function mutateText(text: string, rng: Rng): [string, string] {
  const at = rng.int(0, text.length);
  switch (rng.int(0, 4)) {
    case 0: {
      const keys = [...text.matchAll(/\{"([^"\\]{1,40})":/g)];
      if (keys.length === 0) return [text, 'none'];
      const key = rng.pick(keys);
      const i = key.index + 1;
      return [`${text.slice(0, i)}"${key[1]}":${rng.pick(['1', '[2]', '{}', 'null'])},${text.slice(i)}`, 'repeated key'];
    }
    case 1: {
      const quote = text.indexOf('"', at);
      const i = quote < 0 ? at : quote + 1;
      return [text.slice(0, i) + String.fromCharCode(rng.int(0, 31)) + text.slice(i), 'control character'];
    }
    case 2:
      return [text.slice(0, at) + rng.pick(['NaN', 'Infinity', '-', '01', '1.', '.5', 'tru', "'x'", ',', ']', '}']) + text.slice(at), 'invalid token'];
    case 3:
      return [`${text}\n${rng.chance(0.5) ? text : '{"resourceSpans": ['}`, 'concatenated'];
    default:
      return [rng.pick([`[${text}]`, `{"data": ${text}}`, `{"trace": ${text}}`, `{"result": ${text}}`]), 'wrapped'];
  }
}

function mutateBytes(bytes: Buffer, rng: Rng): [Buffer, string] {
  const out = Buffer.from(bytes);
  switch (rng.int(0, 3)) {
    case 0:
      return [out.subarray(0, rng.int(0, out.length - 1)), 'truncated'];
    case 1:
      for (let n = rng.int(1, 10); n > 0; n--) out[rng.int(0, out.length - 1)] = rng.int(0, 255);
      return [out, 'byte flips'];
    case 2: {
      const structural = [...out.keys()].filter((i) => '{}[],:"'.includes(String.fromCharCode(out[i]!)));
      const drop = structural.length > 0 ? rng.pick(structural) : 0;
      return [Buffer.concat([out.subarray(0, drop), out.subarray(drop + 1)]), 'structural byte dropped'];
    }
    default: {
      const at = rng.int(0, out.length);
      const noise = Buffer.from(Array.from({ length: rng.int(1, 16) }, () => rng.int(0, 255)));
      return [Buffer.concat([out.subarray(0, at), noise, out.subarray(at)]), 'random bytes inserted'];
    }
  }
}

function utf16(text: string, rng: Rng): [Buffer, string] {
  const le = Buffer.from(text, 'utf16le');
  const bom = rng.chance(0.5);
  if (rng.chance(0.5)) return [Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), le]), `UTF-16LE${bom ? ' with BOM' : ''}`];
  return [Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), le.swap16()]), `UTF-16BE${bom ? ' with BOM' : ''}`];
}

function corruptGzip(bytes: Buffer, rng: Rng): [Buffer, string] {
  const gz = Buffer.from(gzipSync(bytes));
  if (rng.chance(0.4)) return [gz.subarray(0, rng.int(2, gz.length - 1)), 'truncated gzip'];
  for (let n = rng.int(1, 6); n > 0; n--) gz[rng.int(10, gz.length - 1)] = rng.int(0, 255);
  return [gz, 'corrupt gzip'];
}

const bombs = new Map<string, Buffer>();

/** A gzip file that expands ~1000:1; built once per kind (they are the same every time). */
function bomb(rng: Rng): [Buffer, string] {
  const kind = rng.pick(['whitespace', 'string', 'empty batches']);
  if (!bombs.has(kind)) {
    const size = 40 * 1024 * 1024;
    const text =
      kind === 'whitespace'
        ? `{"resourceSpans": [${' '.repeat(size)}]}`
        : kind === 'string'
          ? `{"resourceSpans": [{"resource": {"attributes": [{"key": "k", "value": {"stringValue": "${'A'.repeat(size)}"}}]}}]}`
          : `{"resourceSpans": [${'{},'.repeat(size / 3)}{}]}`;
    bombs.set(kind, gzipSync(text, { level: 9 }));
  }
  return [bombs.get(kind)!, `gzip bomb (${kind})`];
}

export function makeInput(format: FuzzFormat, rng: Rng): FuzzInput {
  if (rng.chance(0.001)) {
    const [bytes, name] = bomb(rng);
    return { bytes, gzip: true, mutations: [name] };
  }
  const mutations: string[] = [];
  const doc = baseDocument(format, rng);
  const raw: Raw = { raws: [] };
  const valueMutations = rng.chance(0.15) ? 0 : rng.int(1, 3);
  for (let n = 0; n < valueMutations; n++) mutations.push(mutateValue(doc, rng, raw));
  let text = serialize(doc, raw);
  if (rng.chance(0.2)) {
    const [mutated, name] = mutateText(text, rng);
    text = mutated;
    mutations.push(name);
  }
  let bytes: Buffer = Buffer.from(text, 'utf8');
  if (rng.chance(0.15)) {
    const [mutated, name] = mutateBytes(bytes, rng);
    bytes = mutated;
    mutations.push(name);
  }
  const encoding = rng.next();
  if (encoding < 0.04) {
    bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    mutations.push('UTF-8 BOM');
  } else if (encoding < 0.08) {
    const [encoded, name] = utf16(bytes.toString('utf8'), rng);
    bytes = encoded;
    mutations.push(name);
  } else if (encoding < 0.16) {
    return { bytes: gzipSync(bytes), gzip: true, mutations: [...mutations, 'gzip'] };
  } else if (encoding < 0.2) {
    const [encoded, name] = corruptGzip(bytes, rng);
    return { bytes: encoded, gzip: true, mutations: [...mutations, name] };
  }
  return { bytes, gzip: false, mutations: mutations.length > 0 ? mutations : ['none'] };
}
