import type { ServerResponse } from 'node:http';
import { sendJson, type Handle, type Served } from './loopback.js';

/**
 * A Loki serving given streams on the real paths (FORMATS.md §6) and reading parameters the way Loki does:
 * start/end as Loki's parseTimestamp reads them (an integer of ≤10 digits is SECONDS, longer is ns; a decimal is
 * float seconds; else RFC 3339), end exclusive, limit capped by max_entries_limit_per_query (400 beyond it),
 * direction backward by default, and the LogQL subset Casefile writes: a selector of Go-quoted matchers, line
 * filters (|= != |~ !~) and label filters. Metric queries answer a matrix (the upstream sample). Errors are
 * plain-text 400s, as Loki writes them.
 */
export interface LokiEntry {
  ts: bigint;
  line: string;
  metadata?: Record<string, string>;
}

export interface LokiStream {
  labels: Record<string, string>;
  entries: LokiEntry[];
}

export interface LokiSeen {
  query: string;
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: string;
  categorized: boolean;
}

export interface FakeLokiOptions {
  maxEntries?: number;
  seen?: LokiSeen[];
  /** The answer to a metric query (the upstream matrix sample). */
  matrix?: unknown;
}

/** Loki's parseTimestamp. */
export function lokiTime(value: string): bigint {
  if (value.includes('.')) {
    const [s, f = ''] = value.split('.');
    if (/^\d+$/.test(s!) && /^\d*$/.test(f)) return BigInt(s!) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9));
  }
  if (/^-?\d+$/.test(value)) return value.length <= 10 ? BigInt(value) * 1_000_000_000n : BigInt(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`cannot parse "${value}" to a valid timestamp`);
  return BigInt(ms) * 1_000_000n;
}

type Op = '=' | '!=' | '=~' | '!~';
interface Matcher {
  name: string;
  op: Op;
  value: string;
}
type LineOp = '|=' | '!=' | '|~' | '!~';
type Stage = { kind: 'line'; op: LineOp; value: string } | ({ kind: 'label' } & Matcher);

const STRING = /"(?:[^"\\]|\\.)*"/y;

function regex(pattern: string): RegExp {
  // RE2's leading (?i) flag; JS takes it as a flag instead.
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

function test(op: Op | LineOp, actual: string, value: string): boolean {
  if (op === '=') return actual === value;
  if (op === '!=') return actual !== value;
  if (op === '=~') return regex(`^(?:${value})$`).test(actual);
  if (op === '!~') return !regex(`^(?:${value})$`).test(actual);
  if (op === '|=') return actual.includes(value);
  return op === '|~' ? regex(value).test(actual) : !regex(value).test(actual);
}

/** The LogQL subset above; throws Loki's "parse error" for anything else. */
export function parseLogql(query: string): { matchers: Matcher[]; stages: Stage[] } {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`parse error at line 1, col ${at + 1}: syntax error: unexpected ${what}`);
  };
  const skip = () => {
    while (query[at] === ' ') at++;
  };
  const token = (pattern: RegExp): string | null => {
    skip();
    pattern.lastIndex = at;
    const m = pattern.exec(query);
    if (m === null) return null;
    at = pattern.lastIndex;
    return m[0];
  };
  const string = (): string => {
    const raw = token(STRING) ?? fail(JSON.stringify(query.slice(at, at + 10)));
    return JSON.parse(raw) as string;
  };
  const matcher = (): Matcher => {
    const name = token(/[A-Za-z_][A-Za-z0-9_]*/y) ?? fail('token');
    const op = (token(/=~|!~|!=|=/y) ?? fail('operator')) as Op;
    return { name, op, value: string() };
  };
  if (token(/\{/y) === null) fail('IDENTIFIER (a metric or unknown expression)');
  const matchers = [matcher()];
  while (token(/,/y) !== null) matchers.push(matcher());
  if (token(/\}/y) === null) fail('token, expecting } or ,');
  const stages: Stage[] = [];
  for (;;) {
    skip();
    if (at >= query.length) break;
    const line = token(/\|=|!=|\|~|!~/y);
    if (line !== null) {
      stages.push({ kind: 'line', op: line as LineOp, value: string() });
      continue;
    }
    if (token(/\|/y) === null) fail(JSON.stringify(query.slice(at, at + 10)));
    stages.push({ kind: 'label', ...matcher() });
  }
  if (matchers.every((m) => test(m.op, '', m.value))) {
    throw new Error('parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value');
  }
  return { matchers, stages };
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}

export function fakeLoki(streams: LokiStream[], options: FakeLokiOptions = {}): Handle {
  const maxEntries = options.maxEntries ?? 5000;
  return (req: Served, res) => {
    const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(req.path);
    if (req.path === '/loki/api/v1/labels' || values) {
      // Only streams with entries in start/end (read as query_range reads them; absent, every stream).
      let live: LokiStream[];
      try {
        const start = req.query.get('start') === null ? null : lokiTime(req.query.get('start')!);
        const end = req.query.get('end') === null ? null : lokiTime(req.query.get('end')!);
        live = streams.filter((s) => s.entries.some((e) => (start === null || e.ts >= start) && (end === null || e.ts < end)));
      } catch (error) {
        return text(res, 400, `${(error as Error).message}\n`);
      }
      if (values === null) return sendJson(res, 200, { status: 'success', data: [...new Set(live.flatMap((s) => Object.keys(s.labels)))].sort() });
      const name = decodeURIComponent(values[1]!);
      return sendJson(res, 200, { status: 'success', data: [...new Set(live.map((s) => s.labels[name]).filter((v) => v !== undefined))].sort() });
    }
    if (req.path === '/loki/api/v1/query_range') return queryRange(req, res, streams, maxEntries, options);
    text(res, 404, '404 page not found\n');
  };
}

function queryRange(req: Served, res: ServerResponse, streams: LokiStream[], maxEntries: number, options: FakeLokiOptions): void {
  const q = req.query;
  const query = q.get('query');
  if (query === null || query === '') return text(res, 400, 'query parameter is required\n');
  let startNs: bigint;
  let endNs: bigint;
  try {
    startNs = lokiTime(q.get('start') ?? '0');
    endNs = lokiTime(q.get('end') ?? String(Date.now() * 1e6));
  } catch (error) {
    return text(res, 400, `${(error as Error).message}\n`);
  }
  const limit = Number(q.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit <= 0) return text(res, 400, 'limit must be a positive value\n');
  if (limit > maxEntries) return text(res, 400, `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntries})\n`);
  const direction = q.get('direction') ?? 'backward';
  if (direction !== 'backward' && direction !== 'forward') return text(res, 400, `invalid direction "${direction}"\n`);
  const categorized = String(req.headers['x-loki-response-encoding-flags'] ?? '').includes('categorize-labels');
  options.seen?.push({ query, startNs, endNs, limit, direction, categorized });
  if (/^\s*[a-z_]+\s*\(/.test(query)) return sendJson(res, 200, options.matrix ?? { status: 'success', data: { resultType: 'matrix', result: [] } });
  let parsed: ReturnType<typeof parseLogql>;
  try {
    parsed = parseLogql(query);
  } catch (error) {
    return text(res, 400, `${(error as Error).message}\n`);
  }
  const hits: { stream: LokiStream; entry: LokiEntry; order: number }[] = [];
  let order = 0;
  for (const stream of streams) {
    if (!parsed.matchers.every((m) => test(m.op, stream.labels[m.name] ?? '', m.value))) continue;
    for (const entry of stream.entries) {
      if (entry.ts < startNs || entry.ts >= endNs) continue;
      const labels = { ...stream.labels, ...entry.metadata };
      const kept = parsed.stages.every((s) => (s.kind === 'line' ? test(s.op, entry.line, s.value) : test(s.op, labels[s.name] ?? '', s.value)));
      if (kept) hits.push({ stream, entry, order: order++ });
    }
  }
  const sign = direction === 'backward' ? -1 : 1;
  hits.sort((a, b) => (a.entry.ts === b.entry.ts ? a.order - b.order : a.entry.ts < b.entry.ts ? -sign : sign));
  // Grouped back into streams; without categorize-labels, structured metadata is folded into the stream's labels.
  const result = new Map<string, { stream: Record<string, string>; values: unknown[] }>();
  for (const { stream, entry } of hits.slice(0, limit)) {
    const labels = categorized ? stream.labels : { ...stream.labels, ...entry.metadata };
    const key = JSON.stringify(labels);
    const group = result.get(key) ?? { stream: labels, values: [] };
    result.set(key, group);
    const meta = entry.metadata ?? {};
    group.values.push(categorized && Object.keys(meta).length > 0 ? [String(entry.ts), entry.line, { structuredMetadata: meta }] : [String(entry.ts), entry.line]);
  }
  sendJson(res, 200, {
    status: 'success',
    data: { resultType: 'streams', result: [...result.values()], stats: { summary: { totalEntriesReturned: Math.min(hits.length, limit) } }, ...(categorized ? { encodingFlags: ['categorize-labels'] } : {}) },
  });
}

/** The streams of an upstream query_range sample, as data the fake serves. */
export function sampleStreams(json: unknown): LokiStream[] {
  const result = (json as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } }).data.result;
  return result.map((s) => ({ labels: s.stream, entries: s.values.map(([ts, line]) => ({ ts: BigInt(ts), line })) }));
}
