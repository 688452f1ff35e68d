import { JsonStreamError, ValueUnit, parseJsonText, pathText, type JsonPath, type Unit } from './json-unit.js';

/**
 * Splits a stream of JSON text into independently parseable units without holding the whole document.
 *
 * Trace and log files are one of a few shapes: an object whose big members are arrays (`{"resourceSpans": [...]}`,
 * `{"data": [...]}`), a top-level array (Zipkin), or many such values one after another (newline-delimited files as
 * the OpenTelemetry collector writes them). So the top level is scanned byte by byte, tracking only strings and
 * nesting, and each element of a top-level member array (or of a top-level array) is handed to JSON.parse on its
 * own.
 *
 * A record can itself be huge (a Jaeger trace of a million spans is one element of `data`). When one grows past
 * `openAbove` bytes and the caller says it may be opened (`canOpen`, by its path), it is split the same way one level
 * down: its members and their array elements become units of their own, inside `begin`/`end` units that carry the
 * record's path. So memory is bounded by the largest unit that cannot be opened (one span), not by the trace.
 */
export interface SplitOptions {
  /** A unit bigger than this that cannot be opened is refused. */
  maxUnitBytes: number;
  /** A unit bigger than this is opened, if `canOpen` says a unit at its path may be at its size (`size` > `openAbove`). */
  openAbove: number;
  canOpen: (path: JsonPath, size: number, openAbove: number) => boolean;
}

/**
 * Records past 1 MiB may be opened: a dropped file's first rows wait for no more than that (a 1M-span OTLP trace's
 * first resource, read whole below 8 MiB, held them back 0.4 s). The caller may ask more of records whose opening
 * costs (see OpenRecords.canOpen).
 */
const DEFAULTS: SplitOptions = { maxUnitBytes: 256 * 1024 * 1024, openAbove: 1024 * 1024, canOpen: () => false };

const TOP: JsonPath = [];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BOM = [0xef, 0xbb, 0xbf];

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Where the scanner is, outside of units. Inside a unit only depth and string state matter.
 * - top: between top-level values
 * - key / colon / value: inside a top-level object, expecting a key, a colon, a member value
 * - memberArray: inside a member's array, expecting an element or ']'
 * - topArray: inside a top-level array, expecting an element or ']'
 * - afterItem: after a member or element, expecting ',' or the closing bracket
 */
type Place = 'top' | 'key' | 'colon' | 'value' | 'memberArray' | 'topArray' | 'afterMember' | 'afterElement';

export class JsonUnitSplitter {
  private place: Place = 'top';
  private offset = 0; // absolute offset of the current chunk's first byte
  private inUnit = false;
  private unitDepth = 0;
  private unitStart = 0;
  private unitIsString = false;
  private unitIsContainer = false;
  private inString = false;
  private escaped = false;
  private parts: Buffer[] = [];
  private partsStart = 0; // absolute offset of parts[0][0]
  private key = '';
  private keyParts: number[] | null = null;
  private keyStart = 0;
  /** The keys of the current top-level object: a repeated key is ambiguous (JSON.parse keeps the last), so refused. */
  private keys = new Set<string>();
  private index = 0;
  private memberIsArray = false;
  private topContainer: 'object' | 'array' | null = null;
  /** The chunk the two positions below were searched in, and the next quote and backslash at or after the scan. */
  private searchChunk: Buffer | null = null;
  private quoteAt = -1;
  private slashAt = -1;
  private readonly options: SplitOptions;
  /** The opened record being split below this level, if any: it sees the bytes until its value closes. */
  private child: JsonUnitSplitter | null = null;
  /** Set when the one value of an opened record has closed. */
  private closed = false;

  /**
   * `maxUnitBytes` alone (a number) keeps records whole, as before opening existed. `record` is the path of the
   * value this splitter splits: [] for a whole document, else one opened record that ends with its closing bracket.
   */
  constructor(
    private readonly emit: (unit: Unit) => void,
    options: Partial<SplitOptions> | number = {},
    private readonly record: JsonPath = TOP,
  ) {
    this.options = { ...DEFAULTS, ...(typeof options === 'number' ? { maxUnitBytes: options } : options) };
  }

  push(chunk: Buffer): void {
    this.scan(chunk, 0, this.offset);
    this.offset += chunk.length;
  }

  /**
   * Scans `chunk` from `from`; `chunkOffset` is where the chunk starts in the file. Returns -1 when the chunk was
   * used up, or (for an opened record) the index just past the record's closing bracket.
   */
  private scan(chunk: Buffer, from: number, chunkOffset: number): number {
    this.offset = chunkOffset;
    let start = from;
    this.searchChunk = null; // the same Buffer pushed again must be searched again
    // A UTF-8 byte-order mark (which some Windows tools write) may itself be split across chunks.
    if (this.record === TOP) {
      while (this.offset + start < 3 && start < chunk.length && chunk[start] === BOM[this.offset + start]) start++;
    }
    if (this.inUnit) {
      this.parts.push(chunk);
    }
    const n = chunk.length;
    for (let i = start; i < n; i++) {
      if (this.child !== null) {
        const end = this.child.scan(chunk, i, chunkOffset);
        if (end < 0) break;
        this.child = null;
        this.afterValue();
        i = end - 1;
        continue;
      }
      const byte = chunk[i]!;
      if (this.inUnit) {
        i = this.scanUnit(chunk, i);
        continue;
      }
      if (this.keyParts !== null) {
        this.scanKey(i, byte);
        continue;
      }
      if (isSpace(byte)) continue;
      this.structural(chunk, i, byte);
      if (this.closed) return i + 1;
    }
    if (this.inUnit) this.checkUnitSize(this.offset + n);
    return -1;
  }

  /** A unit still open at `end` (a file offset): opened a level down if it is big and may be, refused if too big. */
  private checkUnitSize(end: number): void {
    const size = end - this.unitStart;
    if (this.openIfBig(size)) return;
    if (size > this.options.maxUnitBytes) {
      throw new JsonStreamError(
        this.unitStart,
        `a single record is larger than ${Math.round(this.options.maxUnitBytes / 1024 / 1024)} MiB`,
        this.unitPath(),
      );
    }
  }

  /**
   * Opens the current unit (`size` bytes so far) if it is an object or array past `openAbove` that may be opened:
   * a splitter of its own rescans the bytes held so far and, if the unit has not closed in them, takes the rest.
   * Checked at the end of each chunk and when a unit closes, so what is opened does not depend on chunking.
   */
  private openIfBig(size: number): boolean {
    if (size <= this.options.openAbove || !this.unitIsContainer) return false;
    const path = this.unitPathParts();
    if (!this.options.canOpen(path, size, this.options.openAbove)) return false;
    const child = new JsonUnitSplitter(this.emit, this.options, path);
    const parts = this.parts;
    let partOffset = this.partsStart;
    const from = this.unitStart - this.partsStart;
    this.inUnit = false;
    this.parts = [];
    this.child = child;
    for (let k = 0; k < parts.length; k++) {
      if (child.scan(parts[k]!, k === 0 ? from : 0, partOffset) >= 0) {
        this.child = null;
        this.afterValue();
        break;
      }
      partOffset += parts[k]!.length;
    }
    return true;
  }

  /** Call at end of input: a document cut short is an error, never silently half-read. */
  end(): void {
    this.endAt(this.offset);
  }

  /** `at` is the end of input: an opened record only knows where its last chunk began. */
  private endAt(at: number): void {
    if (this.child !== null) this.child.endAt(at);
    if (this.inUnit || this.keyParts !== null || this.place !== 'top' || (this.record !== TOP && !this.closed)) {
      const path = this.inUnit ? this.unitPath() : pathText(this.record);
      throw new JsonStreamError(at, 'unexpected end of file (the file is truncated or not closed)', path);
    }
  }

  /** Scans unit bytes from `i`; returns the index of the last byte consumed. */
  private scanUnit(chunk: Buffer, i: number): number {
    const n = chunk.length;
    for (; i < n; i++) {
      const byte = chunk[i]!;
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Jump to the next quote or backslash: most unit bytes are inside strings. Both are searched once per chunk
        // and remembered until the scan passes them, so each search starts where the last one ended and the whole
        // chunk is searched at most once for each, however many escapes a string holds.
        if (this.searchChunk !== chunk) {
          this.searchChunk = chunk;
          this.quoteAt = chunk.indexOf(QUOTE, i);
          this.slashAt = chunk.indexOf(BACKSLASH, i);
        }
        if (this.quoteAt !== -1 && this.quoteAt < i) this.quoteAt = chunk.indexOf(QUOTE, i);
        if (this.slashAt !== -1 && this.slashAt < i) this.slashAt = chunk.indexOf(BACKSLASH, i);
        const quote = this.quoteAt;
        const slash = this.slashAt;
        const next = quote < 0 ? slash : slash < 0 ? quote : Math.min(quote, slash);
        if (next < 0) return n - 1;
        i = next;
        if (chunk[i] === BACKSLASH) {
          this.escaped = true;
          continue;
        }
        this.inString = false;
        if (this.unitIsString) {
          this.finishUnit(i + 1);
          return i;
        }
        continue;
      }
      if (this.unitDepth === 0) {
        // A bare scalar (number, true, null) ends at the first delimiter, which belongs to the structure.
        if (byte === COMMA || isSpace(byte) || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
          this.finishUnit(i);
          return i - 1;
        }
        continue;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) this.unitDepth++;
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        this.unitDepth--;
        if (this.unitDepth === 0) {
          this.finishUnit(i + 1);
          return i;
        }
      }
    }
    return n - 1;
  }

  private beginUnit(chunk: Buffer, i: number, byte: number): void {
    this.inUnit = true;
    this.unitStart = this.offset + i;
    this.parts = [chunk];
    this.partsStart = this.offset;
    this.unitIsString = byte === QUOTE;
    this.unitIsContainer = byte === OPEN_OBJECT || byte === OPEN_ARRAY;
    this.inString = byte === QUOTE;
    this.unitDepth = byte === OPEN_OBJECT || byte === OPEN_ARRAY ? 1 : 0;
  }

  private finishUnit(endInChunk: number): void {
    const end = this.offset + endInChunk;
    if (this.openIfBig(end - this.unitStart)) return;
    if (end - this.unitStart > this.options.maxUnitBytes) {
      const mib = Math.round(this.options.maxUnitBytes / 1024 / 1024);
      throw new JsonStreamError(this.unitStart, `a single record is larger than ${mib} MiB`, this.unitPath());
    }
    const whole = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const from = this.unitStart - this.partsStart;
    const text = whole.toString('utf8', from, from + (end - this.unitStart));
    const offset = this.unitStart;
    this.inUnit = false;
    this.parts = [];
    if (this.place === 'memberArray' || this.place === 'value') {
      this.emit(new ValueUnit('member', this.key, this.memberIsArray ? this.index : -1, text, offset, this.record));
    } else {
      this.emit(new ValueUnit('element', '', this.index, text, offset, this.record));
    }
    this.afterValue();
  }

  /** After a member's value or an element (whole or opened): expect a comma or the closing bracket. */
  private afterValue(): void {
    if (this.place === 'memberArray' || this.place === 'value') this.place = this.memberIsArray ? 'afterElement' : 'afterMember';
    else this.place = 'afterElement';
    this.index++;
  }

  /** Where the current unit sits in the file's structure. */
  private unitPathParts(): JsonPath {
    if (this.place === 'memberArray') return [...this.record, this.key, this.index];
    if (this.place === 'value') return [...this.record, this.key];
    return [...this.record, this.index];
  }

  /** The same, for error messages. */
  private unitPath(): string {
    return pathText(this.unitPathParts());
  }

  private scanKey(i: number, byte: number): void {
    const parts = this.keyParts!;
    if (this.escaped) {
      this.escaped = false;
      parts.push(byte);
      return;
    }
    if (byte === BACKSLASH) {
      this.escaped = true;
      parts.push(byte);
      return;
    }
    if (byte === QUOTE) {
      this.key = parseJsonText(`"${Buffer.from(parts).toString('utf8')}"`, this.keyStart, '') as string;
      this.keyParts = null;
      this.place = 'colon';
      if (this.keys.has(this.key)) {
        throw new JsonStreamError(this.keyStart, `the key "${this.key}" appears twice in the same object`, this.key);
      }
      this.keys.add(this.key);
      return;
    }
    if (parts.length > 4096) throw new JsonStreamError(this.offset + i, 'object key longer than 4096 bytes');
    parts.push(byte);
  }

  private structural(chunk: Buffer, i: number, byte: number): void {
    const at = this.offset + i;
    switch (this.place) {
      case 'top':
        if (byte === OPEN_OBJECT) {
          this.place = 'key';
          this.topContainer = 'object';
          this.keys.clear();
          this.emit({ type: 'begin', container: 'object', offset: at, record: this.record });
        } else if (byte === OPEN_ARRAY) {
          this.place = 'topArray';
          this.topContainer = 'array';
          this.index = 0;
          this.emit({ type: 'begin', container: 'array', offset: at, record: this.record });
        } else if (at === 0 && ((byte === 0xff && chunk[i + 1] === 0xfe) || (byte === 0xfe && chunk[i + 1] === 0xff))) {
          throw new JsonStreamError(at, 'the file is UTF-16 text; Casefile reads JSON in UTF-8 (save or convert it as UTF-8)');
        } else if (byte < 0x20 || byte >= 0x80) {
          throw new JsonStreamError(at, 'this is a binary file, not JSON (OTLP protobuf? export with the JSON encoding)');
        } else throw new JsonStreamError(at, `expected a JSON object or array, found ${show(byte)}`);
        return;
      case 'key':
        if (byte === QUOTE) {
          this.keyParts = [];
          this.keyStart = at;
        }
        else if (byte === CLOSE_OBJECT) this.closeTop(at);
        else throw new JsonStreamError(at, `expected an object key, found ${show(byte)}`);
        return;
      case 'colon':
        if (byte !== COLON) throw new JsonStreamError(at, `expected ':' after key "${this.key}", found ${show(byte)}`);
        this.place = 'value';
        return;
      case 'value':
        if (byte === OPEN_ARRAY) {
          this.memberIsArray = true;
          this.index = 0;
          this.place = 'memberArray';
        } else {
          this.memberIsArray = false;
          this.beginUnit(chunk, i, byte);
        }
        return;
      case 'memberArray':
      case 'topArray':
        if (byte === CLOSE_ARRAY) {
          if (this.place === 'topArray') this.closeTop(at);
          else {
            // An empty member array yields no element, so it is handed on whole (see Unit).
            if (this.index === 0) {
              this.emit(new ValueUnit('member', this.key, -1, '[]', at, this.record));
            }
            this.place = 'afterMember';
          }
          return;
        }
        this.beginUnit(chunk, i, byte);
        return;
      case 'afterElement':
        if (byte === COMMA) this.place = this.memberIsArray && this.inTopObject() ? 'memberArray' : 'topArray';
        else if (byte === CLOSE_ARRAY) {
          if (this.memberIsArray && this.inTopObject()) this.place = 'afterMember';
          else this.closeTop(at);
        } else throw new JsonStreamError(at, `expected ',' or ']', found ${show(byte)}`);
        return;
      case 'afterMember':
        if (byte === COMMA) {
          this.place = 'key';
          this.memberIsArray = false;
        } else if (byte === CLOSE_OBJECT) this.closeTop(at);
        else throw new JsonStreamError(at, `expected ',' or '}', found ${show(byte)}`);
        return;
    }
  }

  private inTopObject(): boolean {
    return this.topContainer === 'object';
  }

  private closeTop(at: number): void {
    this.place = 'top';
    this.memberIsArray = false;
    this.topContainer = null;
    this.emit({ type: 'end', offset: at, record: this.record });
    if (this.record !== TOP) this.closed = true;
  }
}

function show(byte: number): string {
  if (byte === 0) return 'a NUL byte (is the file UTF-16 or binary?)';
  return byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16)}`;
}
