import type { MatrixSeries } from './span-metrics-queries.js';

/**
 * A query_range answer read without building it as JSON: 5,000 series × 60 points are 300,000 little [t, "v"]
 * arrays for JSON.parse and the garbage collector, where the fleet needs one number per bucket. The scanner walks
 * `data.result` and writes each point straight into its bucket; the envelope around it (status, warnings, error)
 * is parsed as JSON with the result cut out. Anything it does not expect — native histograms, escapes in a value,
 * another layout — makes it give up (null), and the caller parses the text as plain JSON instead.
 */
export class ScannedMatrix {
  constructor(
    readonly envelope: Record<string, unknown>,
    readonly series: MatrixSeries[],
  ) {}
}

export function scanMatrix(text: string, buckets: number, bucketOf: (t: number) => number, scale: number): ScannedMatrix | null {
  const key = text.indexOf('"result"');
  if (key < 0) return null;
  let i = skip(text, key + 8);
  if (text[i] !== ':') return null;
  i = skip(text, i + 1);
  if (text[i] !== '[') return null;
  const start = i;
  const series: MatrixSeries[] = [];
  i = skip(text, i + 1);
  if (text[i] === ']') return finish(text, start, i, series);
  for (;;) {
    const item = scanSeries(text, i, buckets, bucketOf, scale);
    if (item === null) return null;
    series.push(item.series);
    i = skip(text, item.end);
    if (text[i] === ',') {
      i = skip(text, i + 1);
      continue;
    }
    if (text[i] === ']') return finish(text, start, i, series);
    return null;
  }
}

function finish(text: string, start: number, end: number, series: MatrixSeries[]): ScannedMatrix | null {
  let envelope: unknown;
  try {
    envelope = JSON.parse(`${text.slice(0, start)}[]${text.slice(end + 1)}`);
  } catch {
    return null;
  }
  const data = (envelope as { data?: { resultType?: unknown; result?: unknown } } | null)?.data;
  // The key found must have been data.result of a matrix, and nothing else.
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result) || data.result.length !== 0) return null;
  return new ScannedMatrix(envelope as Record<string, unknown>, series);
}

/** `{"metric": {...}, "values": [[t, "v"], ...]}` in either key order. */
function scanSeries(text: string, at: number, buckets: number, bucketOf: (t: number) => number, scale: number): { series: MatrixSeries; end: number } | null {
  if (text[at] !== '{') return null;
  let i = skip(text, at + 1);
  let labels: Record<string, string> | null = null;
  let values: (number | null)[] | null = null;
  for (;;) {
    if (text.startsWith('"metric"', i)) {
      i = skip(text, i + 8);
      if (text[i] !== ':') return null;
      i = skip(text, i + 1);
      const end = objectEnd(text, i);
      if (end < 0) return null;
      try {
        labels = JSON.parse(text.slice(i, end + 1)) as Record<string, string>;
      } catch {
        return null;
      }
      i = skip(text, end + 1);
    } else if (text.startsWith('"values"', i)) {
      i = skip(text, i + 8);
      if (text[i] !== ':') return null;
      const scanned = scanPoints(text, skip(text, i + 1), buckets, bucketOf, scale);
      if (scanned === null) return null;
      values = scanned.values;
      i = skip(text, scanned.end);
    } else return null;
    if (text[i] === ',') {
      i = skip(text, i + 1);
      continue;
    }
    if (text[i] === '}' && labels !== null && values !== null) return { series: { labels, values }, end: i + 1 };
    return null;
  }
}

function scanPoints(text: string, at: number, buckets: number, bucketOf: (t: number) => number, scale: number): { values: (number | null)[]; end: number } | null {
  if (text.charCodeAt(at) !== OPEN_BRACKET) return null;
  const values = new Array<number | null>(buckets).fill(null);
  let i = skip(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return { values, end: i + 1 };
  for (;;) {
    if (text.charCodeAt(i) !== OPEN_BRACKET) return null;
    i = skip(text, i + 1);
    const comma = text.indexOf(',', i);
    if (comma < 0) return null;
    const t = plainDecimal(text, i, comma) ?? Number(text.slice(i, comma));
    i = skip(text, comma + 1);
    if (text.charCodeAt(i) !== QUOTE) return null;
    const close = text.indexOf('"', i + 1);
    if (close < 0 || !Number.isFinite(t)) return null;
    // Values are mostly 16–17 digits (Prometheus writes the shortest exact form): Number() reads those best.
    const raw = text.slice(i + 1, close);
    // An escape in a value is nothing Prometheus writes: let JSON.parse judge it.
    if (raw.includes('\\')) return null;
    const bucket = bucketOf(t);
    if (bucket >= 0 && bucket < buckets) {
      const v = Number(raw);
      values[bucket] = Number.isFinite(v) ? v * scale : null;
    }
    i = skip(text, close + 1);
    if (text.charCodeAt(i) !== CLOSE_BRACKET) return null;
    i = skip(text, i + 1);
    const next = text.charCodeAt(i);
    if (next === COMMA) {
      i = skip(text, i + 1);
      continue;
    }
    if (next === CLOSE_BRACKET) return { values, end: i + 1 };
    return null;
  }
}

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const COMMA = 44;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain decimal ([-]digits[.digits], up to 15 digits) in text[from, to), read from the characters as Number()
 * reads it: the digits make an integer below 2^53 and 10^k is exact, so one division rounds the same. Timestamps
 * are such (no substring to make); anything else (more digits, exponents, NaN, Inf) is null, for Number().
 */
function plainDecimal(text: string, from: number, to: number): number | null {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  const first = i;
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) point = i;
    else return null;
  }
  if (digits === 0 || digits > 15 || point === first || point === to - 1) return null;
  const value = point < 0 ? mantissa : mantissa / POWERS_OF_TEN[to - point - 1]!;
  return negative ? -value : value;
}

/** The index of the `}` closing a flat JSON object (label sets hold only strings), minding strings and escapes. */
function objectEnd(text: string, at: number): number {
  if (text[at] !== '{') return -1;
  let inString = false;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 125) return i;
    else if (c === 123 || c === 91) return -1;
  }
  return -1;
}

function skip(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}
