import { SERVER } from '../../../shared/service-graph-rules.js';

/**
 * Two independent 32-bit hashes of a span's (trace id, span id): a 64-bit key, without a string per span. A trace's
 * spans come together, so the hash state after its trace id is kept for the next span of the same trace.
 */
export class SpanKeys {
  private traceId: string | null = null;
  private a = 0;
  private b = 0;

  key(traceId: string, spanId: string, out: Uint32Array): void {
    if (traceId !== this.traceId) {
      let a = 0x811c9dc5;
      let b = 0x9747b28c;
      for (let i = 0; i < traceId.length; i++) {
        const c = traceId.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      // A separator, so ("ab", "c") and ("a", "bc") differ.
      this.a = Math.imul(a ^ 0x2f, 0x01000193);
      this.b = b;
      this.traceId = traceId;
    }
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < spanId.length; i++) {
      const c = spanId.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    out[0] = Math.imul(a ^ 0x2f, 0x01000193) >>> 0;
    out[1] = b >>> 0;
  }
}

const sharedKeys = new SpanKeys();

/** SpanKeys.key for one-off callers. */
export function spanKey(traceId: string, spanId: string, out: Uint32Array): void {
  sharedKeys.key(traceId, spanId, out);
}

/** What SpanKeyTable.put did with a span. */
export type PutResult = 'new' | 'kept' | 'replaced';

const KIND = 15;
const CALLED_OUT = 16;
const RESOLVED = 32;

/** The most services one write's table names (a service is kept in 16 bits); past it, the write counts from rows. */
export const TABLE_MAX_SERVICES = 0xfffe;
/** Filled up to this share before it grows by half: a 2M-span trace is one write, and memory is its limit. */
const MAX_LOAD = 0.8;

/**
 * The spans of one write by key, in flat typed arrays (open addressing, linear probing): 11 bytes a slot at up to 80%
 * load, where a Map of id strings took ~100 bytes a span (a 2M-span trace is one write). Of two spans sharing a key,
 * the first server half is kept, as the graph's rules look parents up (service-graph-rules.ts).
 */
export class SpanKeyTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** Service index + 1; 0 marks an empty slot. */
  private service: Uint16Array;
  /** Kind (bits 0-3), answered by another service (CALLED_OUT), a child resolved against it (RESOLVED). */
  private flags: Uint8Array;
  private count = 0;
  /** The slot of the last put. */
  slot = -1;

  /** Sized for `expected` spans when a caller can tell (growing a big table holds the old and the new at once). */
  constructor(expected = 0) {
    const size = Math.max(1 << 12, Math.ceil(expected / MAX_LOAD));
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.service = new Uint16Array(size);
    this.flags = new Uint8Array(size);
  }

  /** `service` must be below TABLE_MAX_SERVICES. */
  put(key: Uint32Array, service: number, kind: number): PutResult {
    if (this.count + 1 > this.service.length * MAX_LOAD) this.grow();
    const slot = (this.slot = this.slotOf(key[0]!, key[1]!));
    if (this.service[slot] === 0) {
      this.hi[slot] = key[0]!;
      this.lo[slot] = key[1]!;
      this.service[slot] = service + 1;
      this.flags[slot] = kind & KIND;
      this.count++;
      return 'new';
    }
    if (kind !== SERVER || (this.flags[slot]! & KIND) === SERVER) return 'kept';
    this.service[slot] = service + 1;
    this.flags[slot] = (this.flags[slot]! & ~KIND) | (kind & KIND);
    return 'replaced';
  }
  /** The slot holding a key, or -1. */
  find(hi: number, lo: number): number {
    const slot = this.slotOf(hi, lo);
    return this.service[slot] === 0 ? -1 : slot;
  }

  serviceAt(slot: number): number {
    return this.service[slot]! - 1;
  }

  kindAt(slot: number): number {
    return this.flags[slot]! & KIND;
  }

  markCalledOut(slot: number): void {
    this.flags[slot]! |= CALLED_OUT;
  }

  calledOutAt(slot: number): boolean {
    return (this.flags[slot]! & CALLED_OUT) !== 0;
  }

  /** A child was resolved against this slot's span before the write ended. */
  markResolved(slot: number): void {
    this.flags[slot]! |= RESOLVED;
  }

  resolvedAt(slot: number): boolean {
    return (this.flags[slot]! & RESOLVED) !== 0;
  }

  private slotOf(hi: number, lo: number): number {
    const size = this.service.length;
    // The mixed 32 bits scaled onto the table (sizes are not powers of two).
    let slot = Math.floor(((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0) * (size / 4294967296));
    while (this.service[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) slot = slot + 1 === size ? 0 : slot + 1;
    return slot;
  }

  private grow(): void {
    const { hi, lo, service, flags } = this;
    const size = Math.ceil(service.length * 1.5);
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.service = new Uint16Array(size);
    this.flags = new Uint8Array(size);
    for (let old = 0; old < service.length; old++) {
      if (service[old] === 0) continue;
      const slot = this.slotOf(hi[old]!, lo[old]!);
      this.hi[slot] = hi[old]!;
      this.lo[slot] = lo[old]!;
      this.service[slot] = service[old]!;
      this.flags[slot] = flags[old]!;
    }
  }
}

const CHUNK = 1 << 16;

/** One chunk of pending children (columns of CHUNK rows). */
class PendingChunk {
  readonly parentHi = new Uint32Array(CHUNK);
  readonly parentLo = new Uint32Array(CHUNK);
  readonly service = new Int32Array(CHUNK);
  readonly minute = new Int32Array(CHUNK);
  readonly bucket = new Int16Array(CHUNK);
  /** kind (bits 0-3), error (bit 4), has messaging.system (bit 5). */
  readonly flags = new Uint8Array(CHUNK);
  length = 0;
}

/** A child pending its parent, as PendingChildren.each gives it. */
export interface PendingChild {
  parentHi: number;
  parentLo: number;
  service: number;
  minute: number;
  bucket: number;
  kind: number;
  isError: boolean;
  messaging: boolean;
}

/**
 * Children whose parent had not come yet when they did (an SDK exports a child before its parent), looked up once
 * the write has every span. In fixed chunks: growing never copies, so a write holds only what is pending.
 */
export class PendingChildren {
  private readonly chunks: PendingChunk[] = [];

  push(parent: Uint32Array, service: number, minute: number, bucket: number, kind: number, isError: boolean, messaging: boolean): void {
    let chunk = this.chunks.at(-1);
    if (chunk === undefined || chunk.length === CHUNK) this.chunks.push((chunk = new PendingChunk()));
    const at = chunk.length++;
    chunk.parentHi[at] = parent[0]!;
    chunk.parentLo[at] = parent[1]!;
    chunk.service[at] = service;
    chunk.minute[at] = minute;
    chunk.bucket[at] = bucket;
    chunk.flags[at] = (kind & 15) | (isError ? 16 : 0) | (messaging ? 32 : 0);
  }

  each(visit: (child: PendingChild) => void): void {
    const child: PendingChild = { parentHi: 0, parentLo: 0, service: 0, minute: 0, bucket: 0, kind: 0, isError: false, messaging: false };
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.length; i++) {
        const flags = chunk.flags[i]!;
        child.parentHi = chunk.parentHi[i]!;
        child.parentLo = chunk.parentLo[i]!;
        child.service = chunk.service[i]!;
        child.minute = chunk.minute[i]!;
        child.bucket = chunk.bucket[i]!;
        child.kind = flags & 15;
        child.isError = (flags & 16) !== 0;
        child.messaging = (flags & 32) !== 0;
        visit(child);
      }
    }
  }
}
