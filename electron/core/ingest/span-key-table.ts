import { SERVER } from '../../../shared/service-graph-rules.js';

/** Two independent 32-bit hashes of a span's (trace id, span id): a 64-bit key, without a string per span. */
export function spanKey(traceId: string, spanId: string, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (const text of [traceId, spanId]) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ 0x2f, 0x01000193); // a separator, so ("ab", "c") and ("a", "bc") differ
  }
  out[0] = a >>> 0;
  out[1] = b >>> 0;
}

/**
 * The spans of one write by key, in flat typed arrays (open addressing): 14 bytes a slot, where a Map of id strings
 * took ~100 bytes a span (a 2M-span trace is one write). Of two spans sharing a key, the first server half is kept,
 * as the graph's rules look parents up (service-graph-rules.ts).
 */
export class SpanKeyTable {
  private hi = new Uint32Array(1 << 12);
  private lo = new Uint32Array(1 << 12);
  /** Service index + 1; 0 marks an empty slot. */
  private service = new Int32Array(1 << 12);
  private kind = new Uint8Array(1 << 12);
  private calledOut = new Uint8Array(1 << 12);
  private count = 0;

  put(key: Uint32Array, service: number, kind: number): void {
    if ((this.count + 1) * 2 > this.service.length) this.grow();
    const slot = this.slotOf(key[0]!, key[1]!);
    if (this.service[slot] === 0) {
      this.hi[slot] = key[0]!;
      this.lo[slot] = key[1]!;
      this.service[slot] = service + 1;
      this.kind[slot] = kind;
      this.count++;
    } else if (kind === SERVER && this.kind[slot] !== SERVER) {
      this.service[slot] = service + 1;
      this.kind[slot] = kind;
    }
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
    return this.kind[slot]!;
  }

  markCalledOut(slot: number): void {
    this.calledOut[slot] = 1;
  }

  calledOutAt(slot: number): boolean {
    return this.calledOut[slot] === 1;
  }

  private slotOf(hi: number, lo: number): number {
    const mask = this.service.length - 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    while (this.service[slot] !== 0 && (this.hi[slot] !== hi || this.lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, service, kind, calledOut } = this;
    const size = service.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.service = new Int32Array(size);
    this.kind = new Uint8Array(size);
    this.calledOut = new Uint8Array(size);
    for (let old = 0; old < service.length; old++) {
      if (service[old] === 0) continue;
      const slot = this.slotOf(hi[old]!, lo[old]!);
      this.hi[slot] = hi[old]!;
      this.lo[slot] = lo[old]!;
      this.service[slot] = service[old]!;
      this.kind[slot] = kind[old]!;
      this.calledOut[slot] = calledOut[old]!;
    }
  }
}

/** Children whose parents are looked up once the write has every span (a child often arrives before its parent). */
export class PendingChildren {
  length = 0;
  parentHi = new Uint32Array(1 << 12);
  parentLo = new Uint32Array(1 << 12);
  service = new Int32Array(1 << 12);
  minute = new Int32Array(1 << 12);
  bucket = new Int16Array(1 << 12);
  /** kind (bits 0-3), error (bit 4), has messaging.system (bit 5). */
  flags = new Uint8Array(1 << 12);

  push(parent: Uint32Array, service: number, minute: number, bucket: number, kind: number, isError: boolean, messaging: boolean): void {
    if (this.length === this.service.length) this.grow();
    const at = this.length++;
    this.parentHi[at] = parent[0]!;
    this.parentLo[at] = parent[1]!;
    this.service[at] = service;
    this.minute[at] = minute;
    this.bucket[at] = bucket;
    this.flags[at] = (kind & 15) | (isError ? 16 : 0) | (messaging ? 32 : 0);
  }

  private grow(): void {
    const size = this.service.length * 2;
    const widen = <T extends Uint32Array | Int32Array | Int16Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.parentHi = widen(this.parentHi, (n) => new Uint32Array(n));
    this.parentLo = widen(this.parentLo, (n) => new Uint32Array(n));
    this.service = widen(this.service, (n) => new Int32Array(n));
    this.minute = widen(this.minute, (n) => new Int32Array(n));
    this.bucket = widen(this.bucket, (n) => new Int16Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }
}
