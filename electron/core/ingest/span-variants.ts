import type { Db } from '../db/open-database.js';
import type { SpanRow } from './row-encoder.js';

/**
 * Spans that collide on the cache's identity (trace, span id, kind, start in µs; migrations 1 and 8). The same span
 * imported or pulled again collides with itself and is skipped; a different span that reuses the id (Jaeger shows
 * both) is stored beside it under a non-zero variant, a digest of what tells it apart, so importing it again finds it.
 * Only runs for rows the database refused, so a first import pays nothing.
 */
export type Collision = { kind: 'same' } | { kind: 'distinct'; variant: number; other: StoredSpan };

interface StoredSpan {
  name: string;
  service: string;
  parent_id: string | null;
  start_ns: bigint;
  end_ns: bigint;
  status_code: bigint;
}

/** Clocks in µs (Jaeger, Zipkin) and ns (OTLP, Tempo) round one span's end differently by up to this much. */
const END_TOLERANCE_NS = 2000n;

export class SpanVariants {
  private readonly stored;

  constructor(db: Db) {
    this.stored = db
      .prepare(
        `SELECT name, service, parent_id, start_ns, end_ns, status_code FROM spans
         WHERE trace_id = ? AND span_id = ? AND kind = ? AND start_ns / 1000 = ? AND variant = ?`,
      )
      .safeIntegers(true);
  }

  /** For a row whose insert was refused as a duplicate: is it the stored span, or another one to keep under `variant`? */
  collision(row: SpanRow, variant = 0): Collision {
    const other = this.stored.get(row[0], row[1], row[2], row[6] / 1000n, variant) as StoredSpan | undefined;
    if (other === undefined || sameSpan(row, other)) return { kind: 'same' };
    return { kind: 'distinct', variant: variantOf(row), other };
  }
}

function sameSpan(row: SpanRow, stored: StoredSpan): boolean {
  const [, , , parentId, service, name, startNs, endNs, statusCode] = row;
  const durationGap = endNs - startNs - (stored.end_ns - stored.start_ns);
  return (
    // Zipkin lower-cases span names: the same span read from Zipkin and from Jaeger differs in case only.
    name.toLowerCase() === stored.name.toLowerCase() &&
    service === stored.service &&
    parentId === stored.parent_id &&
    BigInt(statusCode) === stored.status_code &&
    durationGap <= END_TOLERANCE_NS &&
    -durationGap <= END_TOLERANCE_NS
  );
}

/** A 31-bit FNV-1a digest of what tells two spans of one id apart (never 0, the variant of the first one). */
function variantOf(row: SpanRow): number {
  const text = `${row[5].toLowerCase()}\0${row[4]}\0${row[3] ?? ''}\0${row[8]}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 1) || 1;
}
