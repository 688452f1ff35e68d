/**
 * One canonical form for trace and span ids, whatever the producer wrote: lowercase hex, trace ids left-padded to
 * 32 characters (a 64-bit id is a 128-bit id with zero high bits, as W3C trace context and Tempo treat it) and
 * span ids to 16.
 *
 * Accepted inputs: hex of any case and up to full length (Zipkin and old Jaeger trim leading zeros, Tempo search
 * trims them on purpose); base64 of 8 or 16 bytes (protobuf JsonFormat, Tempo, Jaeger api_v3 before v1.54); and
 * short opaque tokens such as "trace-123" that Jaeger UI's own fixtures use, mapped to a stable hex digest so the
 * same token always names the same trace, including when a user types it into a search.
 */
const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+={0,2}$/;
const TOKEN = /^[\x21-\x7e]{1,128}$/;
/** base64 of 8 or 16 bytes, padded or not. */
const BASE64_LENGTHS = new Set([11, 12, 22, 24]);

export type IdKind = 'trace' | 'span';

export class IdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdError';
  }
}

const WIDTH: Record<IdKind, number> = { trace: 32, span: 16 };

/** Told when an id was not hex or 8/16-byte base64 and was replaced by its digest, so the user can be told too. */
export type OnMappedId = (raw: string, id: string, kind: IdKind) => void;

/** Returns the canonical id, or null for an absent id ("" or all zeros, both of which mean "none" in OTLP). */
export function canonicalId(raw: unknown, kind: IdKind, onMapped?: OnMappedId): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') throw new IdError(`${kind} id must be a string, got ${typeof raw}`);
  const width = WIDTH[kind];
  let hex: string;
  if (HEX.test(raw) && raw.length <= width) {
    hex = raw.toLowerCase().padStart(width, '0');
  } else if (BASE64_LENGTHS.has(raw.length) && BASE64.test(raw) && /[^0-9a-fA-F]/.test(raw)) {
    // Only whole 8- or 16-byte ids count as base64: a short token like "span-A" would otherwise decode lossily.
    const bytes = decodeBase64(raw);
    if (bytes === null || (bytes.length !== 8 && bytes.length !== 16) || bytes.length > width / 2) return mapped(raw, kind, onMapped);
    hex = bytesToHex(bytes).padStart(width, '0');
  } else {
    return mapped(raw, kind, onMapped);
  }
  return /^0+$/.test(hex) ? null : hex;
}

/** Like canonicalId, but an absent id is an error (a span must have a trace id and a span id). */
export function requiredId(raw: unknown, kind: IdKind, onMapped?: OnMappedId): string {
  const id = canonicalId(raw, kind, onMapped);
  if (id === null) throw new IdError(`${kind} id is missing or all zeros`);
  return id;
}

function mapped(raw: string, kind: IdKind, onMapped: OnMappedId | undefined): string {
  const id = fromToken(raw, kind);
  onMapped?.(raw, id, kind);
  return id;
}

function fromToken(raw: string, kind: IdKind): string {
  if (!TOKEN.test(raw)) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}… (${raw.length} chars)` : JSON.stringify(raw);
    throw new IdError(`${kind} id ${shown} is neither hex, base64 nor a short printable token`);
  }
  const digest = fnv1a64(raw, 0xcbf29ce4n) + fnv1a64(raw, 0x84222325n);
  return digest.slice(0, WIDTH[kind]);
}

/** 64-bit FNV-1a, as 16 hex characters. Only used for rare opaque ids, so BigInt's cost does not matter. */
function fnv1a64(text: string, seed: bigint): string {
  let hash = 0xcbf29ce484222325n ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeBase64(text: string): number[] | null {
  const clean = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (clean.length % 4 === 1) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = B64.indexOf(ch);
    if (value < 0) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return out;
}

function bytesToHex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}
