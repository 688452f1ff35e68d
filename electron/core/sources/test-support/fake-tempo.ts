import type { ServerResponse } from 'node:http';
import { canonicalId } from '../../../../shared/ids.js';
import { isObject } from '../../../../shared/formats/values.js';
import { parseGoDuration } from './fake-jaeger.js';
import { serveTempoTags } from './fake-tempo-tags.js';
import { sendJson, type Handle, type Served } from './loopback.js';

/**
 * A Tempo query frontend serving given traces on the real paths (FORMATS.md §4), reading parameters the way Tempo
 * does: start/end are integer unix SECONDS, min/maxDuration Go durations, `tags` logfmt (go-logfmt quoting), `q` a
 * TraceQL spanset filter (the `attr = "value" && …` subset), limit default 20. Search answers carry trace ids hex
 * with leading zeros trimmed, as Tempo writes them. Errors are Tempo's plain-text 400s and 404s.
 */
export interface TempoTrace {
  id: string;
  /** The OTLP resource spans, served as v1 `batches` or v2 `trace.resourceSpans`. */
  batches: unknown[];
  spans: FakeSpan[];
  /** v2 status; PARTIAL answers as Tempo does when a trace is over max_bytes_per_trace. */
  status?: 'COMPLETE' | 'PARTIAL';
  /** A pre-rendered v1 and v2 body (the benchmark's 100k-span trace), so the server does not stringify per request. */
  rendered?: { v1: Buffer; v2: Buffer };
}

export interface FakeSpan {
  spanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  /** span attributes and resource attributes, flat, values as strings (what tag search compares). */
  attrs: Record<string, string>;
  resource: Record<string, string>;
  /** The OTLP type of each value ('string', 'int', 'float', 'bool'): TraceQL compares typed, and v2 tag values say it. */
  types: { attrs: Record<string, string>; resource: Record<string, string> };
}

export interface TempoSeen {
  path: string;
  query: URLSearchParams;
  /** Tags as Tempo's logfmt decoder reads them. */
  tags: Record<string, string>;
}

/** Reads an OTLP trace (`{batches}` or `{resourceSpans}`) into what the fake searches on. */
export function tempoTrace(body: unknown, status?: TempoTrace['status']): TempoTrace {
  const object = body as { batches?: unknown[]; resourceSpans?: unknown[] };
  const batches = object.batches ?? object.resourceSpans ?? [];
  const spans: FakeSpan[] = [];
  let id = '';
  for (const batch of batches as Record<string, unknown>[]) {
    const resource = typedFlat((batch.resource as { attributes?: unknown[] } | undefined)?.attributes);
    for (const scoped of ((batch.scopeSpans ?? batch.instrumentationLibrarySpans) as { spans: Record<string, unknown>[] }[]) ?? []) {
      for (const span of scoped.spans) {
        id = canonicalId(span.traceId, 'trace') ?? id;
        const attrs = typedFlat(span.attributes as unknown[] | undefined);
        spans.push({
          spanId: canonicalId(span.spanId, 'span') ?? '',
          name: String(span.name ?? ''),
          startNs: BigInt(String(span.startTimeUnixNano)),
          endNs: BigInt(String(span.endTimeUnixNano)),
          attrs: attrs.values,
          resource: resource.values,
          types: { attrs: attrs.types, resource: resource.types },
        });
      }
    }
  }
  return { id, batches, spans, status };
}

const OTLP_TYPES = { stringValue: 'string', intValue: 'int', boolValue: 'bool', doubleValue: 'float' } as const;

function typedFlat(list: unknown[] | undefined): { values: Record<string, string>; types: Record<string, string> } {
  const values: Record<string, string> = {};
  const types: Record<string, string> = {};
  for (const kv of (list ?? []) as { key: string; value?: Record<string, unknown> }[]) {
    const v = kv.value ?? {};
    const field = (Object.keys(OTLP_TYPES) as (keyof typeof OTLP_TYPES)[]).find((f) => v[f] !== undefined);
    if (field === undefined) continue;
    values[kv.key] = String(v[field]);
    types[kv.key] = OTLP_TYPES[field];
  }
  return { values, types };
}

/** go-logfmt's decoder: `key=value`, `key="quoted \"value\""`, a bare `key` is an empty value. */
export function decodeLogfmt(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /\s*([^\s="]+)(?:=("(?:[^"\\]|\\.)*"|[^\s"]*))?/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match === null) throw new Error(`logfmt syntax error at ${index}: unexpected '${text[index]}'`);
    const raw = match[2] ?? '';
    out[match[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    index = pattern.lastIndex;
    if (text.slice(index).trim() === '') break;
  }
  return out;
}

/** `literal`: what a TraceQL literal compares with ('any' for logfmt tags, which compare the text). */
type Condition = { scope: 'resource' | 'span' | 'any' | 'name'; key: string; value: string; literal: 'string' | 'number' | 'bool' | 'any' };

/**
 * The TraceQL subset the tests use: `{}` or `{ cond && cond }` with `[resource.|span.|.]key = <literal>` or
 * `name = "value"`; a literal is a string, a number or true/false, and compares typed as Tempo does (`= 200` does
 * not match the string "200").
 */
export function parseTraceql(q: string): Condition[] {
  const body = /^\s*\{(.*)\}\s*$/s.exec(q)?.[1];
  if (body === undefined) throw new Error(`parse error: unexpected token, expecting {`);
  if (body.trim() === '') return [];
  return body.split('&&').map((part) => {
    const m = /^\s*(resource\.|span\.|\.)?([A-Za-z_][\w.:-]*)\s*=\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false)\s*$/.exec(part);
    if (m === null) throw new Error(`parse error: cannot read condition ${JSON.stringify(part.trim())}`);
    const scope = m[1] === 'resource.' ? 'resource' : m[1] === 'span.' ? 'span' : m[1] === '.' ? 'any' : m[2] === 'name' ? 'name' : 'any';
    const raw = m[3]!;
    const literal = raw.startsWith('"') ? 'string' : raw === 'true' || raw === 'false' ? 'bool' : 'number';
    return { scope, key: m[2]!, value: literal === 'string' ? (JSON.parse(raw) as string) : raw, literal };
  });
}

function spanMatches(span: FakeSpan, conditions: Condition[]): boolean {
  return conditions.every((c) => {
    if (c.scope === 'name') return span.name === c.value;
    const inSpan = c.scope !== 'resource' && span.attrs[c.key] !== undefined;
    const actual = inSpan ? span.attrs[c.key] : c.scope === 'span' ? undefined : span.resource[c.key];
    const type = inSpan ? span.types.attrs[c.key] : span.types.resource[c.key];
    if (actual === undefined) return false;
    if (c.literal === 'any') return actual === c.value;
    if (c.literal === 'number') return (type === 'int' || type === 'float') && Number(actual) === Number(c.value);
    return type === c.literal && actual === c.value;
  });
}

function matcher(conditions: Condition[]): (span: FakeSpan) => boolean {
  return (span) => spanMatches(span, conditions);
}

function tagConditions(tags: Record<string, string>): Condition[] {
  return Object.entries(tags).map(([key, value]) => ({ scope: key === 'name' ? 'name' : 'any', key, value, literal: 'any' }));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}

export function fakeTempo(traces: TempoTrace[], options: { tenant?: string; seen?: TempoSeen[] } = {}): Handle {
  const seen = options.seen ?? [];
  const allSpans = () => traces.flatMap((t) => t.spans);
  return (req: Served, res) => {
    if (options.tenant !== undefined && req.headers['x-scope-orgid'] !== options.tenant) return text(res, 401, 'no org id\n');
    const one = /^\/api(\/v2)?\/traces\/([^/]+)$/.exec(req.path);
    if (one) {
      if (!/^[0-9a-fA-F]{1,32}$/.test(one[2]!)) return text(res, 400, `invalid trace id: ${one[2]}\n`);
      const trace = traces.find((t) => t.id === canonicalId(one[2]!, 'trace'));
      if (trace === undefined) return text(res, 404, 'trace not found\n');
      const v2 = one[1] !== undefined;
      if (trace.rendered !== undefined) {
        const body = v2 ? trace.rendered.v2 : trace.rendered.v1;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
        return;
      }
      if (!v2) return sendJson(res, 200, { batches: trace.batches });
      const status = trace.status ?? 'COMPLETE';
      return sendJson(res, 200, { trace: { resourceSpans: trace.batches }, status, ...(status === 'PARTIAL' ? { message: 'trace exceeds max size (max bytes: 5000000)' } : {}) });
    }
    if (req.path === '/api/search') return search(req, res, traces, seen);
    if (serveTempoTags(req, res, allSpans(), (q) => matcher(parseTraceql(q)))) return;
    text(res, 404, '404 page not found\n');
  };
}

function search(req: Served, res: ServerResponse, traces: TempoTrace[], seen: TempoSeen[]): void {
  const q = req.query;
  for (const name of ['start', 'end', 'limit', 'spss']) {
    const value = q.get(name);
    if (value !== null && !/^\d+$/.test(value)) return text(res, 400, `invalid ${name}: strconv.ParseInt: parsing "${value}": invalid syntax\n`);
  }
  const start = BigInt(q.get('start') ?? '0');
  const end = BigInt(q.get('end') ?? '99999999999');
  if (start > end) return text(res, 400, 'http parameter start must be before end\n');
  let conditions: Condition[];
  let tags: Record<string, string> = {};
  let minNs = 0;
  let maxNs = Infinity;
  try {
    if (q.get('tags') !== null) tags = decodeLogfmt(q.get('tags')!);
    conditions = q.get('q') !== null ? parseTraceql(q.get('q')!) : tagConditions(tags);
    if (q.get('minDuration') !== null) minNs = parseGoDuration(q.get('minDuration')!) * 1000;
    if (q.get('maxDuration') !== null) maxNs = parseGoDuration(q.get('maxDuration')!) * 1000;
  } catch (error) {
    return text(res, 400, `${(error as Error).message}\n`);
  }
  seen.push({ path: req.path, query: q, tags });
  const limit = Number(q.get('limit') ?? 20);
  const found = traces
    .map((trace) => {
      const startNs = trace.spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), trace.spans[0]!.startNs);
      const endNs = trace.spans.reduce((m, s) => (s.endNs > m ? s.endNs : m), 0n);
      return { trace, startNs, endNs, matched: trace.spans.filter((s) => spanMatches(s, conditions)) };
    })
    .filter(({ startNs, endNs, matched }) => {
      const duration = Number(endNs - startNs);
      return matched.length > 0 && startNs / 1_000_000_000n <= end && endNs / 1_000_000_000n >= start && duration >= minNs && duration <= maxNs;
    })
    .sort((a, b) => (a.startNs > b.startNs ? -1 : 1))
    .slice(0, limit);
  sendJson(res, 200, {
    traces: found.map(({ trace, startNs, endNs, matched }) => {
      const root = trace.spans.find((s) => s.startNs === startNs)!;
      const durationMs = Number((endNs - startNs) / 1_000_000n);
      const spanSet = { spans: matched.slice(0, 3).map((s) => ({ spanID: s.spanId, startTimeUnixNano: String(s.startNs), durationNanos: String(s.endNs - s.startNs) })), matched: matched.length };
      return {
        traceID: trace.id.replace(/^0+/, ''),
        rootServiceName: root.resource['service.name'] ?? '<root span not yet received>',
        rootTraceName: root.name,
        startTimeUnixNano: String(startNs),
        ...(durationMs > 0 ? { durationMs } : {}),
        spanSet,
        spanSets: [spanSet],
      };
    }),
    metrics: { inspectedBytes: '1214512', completedJobs: 1, totalJobs: 1 },
  });
}

/** A v2 trace body's `trace` object, or a v1 body, from a parsed upstream sample. */
export function sampleTrace(json: unknown): TempoTrace {
  return tempoTrace(isObject(json) && isObject(json.trace) ? json.trace : json);
}
