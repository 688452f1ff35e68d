import type { ServerResponse } from 'node:http';
import type { FakeSpan } from './fake-tempo.js';
import { sendJson, type Served } from './loopback.js';

/**
 * The fake Tempo's tag search (FORMATS.md §4), read the way Tempo reads it: `start`/`end` are unix seconds parsed as
 * 32-bit integers (strconv.ParseInt(s, 10, 32)), `scope` must be a known scope, a v2 tag name must be a TraceQL
 * identifier (`resource.service.name`, `span."a b"`, an intrinsic). v1 answers `{tagNames}` and plain string values;
 * v2 answers `{scopes: [{name, tags}]}` — in no particular order, a scope without tags written without the list, as
 * gogo jsonpb does — and typed values `{type, value}`, status and kind as Tempo's fixed keyword lists.
 */
const SCOPES = ['resource', 'span', 'intrinsic', 'event', 'link', 'instrumentation'];
/** The intrinsics Tempo's v2 tag list offers (GetVirtualIntrinsicValues before the scoped `span:` forms were added). */
const INTRINSICS = ['duration', 'kind', 'name', 'rootName', 'rootServiceName', 'status', 'statusMessage', 'traceDuration'];
const FIXED_KEYWORDS: Record<string, string[]> = {
  status: ['ok', 'error', 'unset'],
  kind: ['client', 'server', 'producer', 'consumer', 'internal', 'unspecified'],
};
const METRICS = { inspectedBytes: '4096' };

/** Answers the tag routes; false for any other path. `filter` turns a TraceQL `q` into a span predicate (or throws). */
export function serveTempoTags(req: Served, res: ServerResponse, spans: FakeSpan[], filter: (q: string) => (span: FakeSpan) => boolean): boolean {
  const tags = /^\/api(\/v2)?\/search\/tags$/.exec(req.path);
  const values = /^\/api(\/v2)?\/search\/tag\/([^/]+)\/values$/.exec(req.path);
  if (tags === null && values === null) return false;
  const window = secondsWindow(req.query);
  if (window instanceof Error) return text(res, 400, window.message);
  let inWindow = spans.filter((s) => (window.start === 0n || s.endNs >= window.start * 1_000_000_000n) && (window.end === 0n || s.startNs < (window.end + 1n) * 1_000_000_000n));

  if (tags !== null) {
    const scope = req.query.get('scope') ?? '';
    if (scope !== '' && !SCOPES.includes(scope)) return text(res, 400, `invalid scope: ${scope}`);
    const byScope: [string, string[]][] = [
      ['span', unique(inWindow.flatMap((s) => Object.keys(s.attrs)))],
      ['resource', unique(inWindow.flatMap((s) => Object.keys(s.resource)))],
      ['intrinsic', INTRINSICS],
      ['event', []],
    ];
    const wanted = byScope.filter(([name]) => scope === '' || name === scope);
    if (tags[1] === undefined) {
      const names = wanted.filter(([name]) => scope === 'intrinsic' || name !== 'intrinsic').flatMap(([, list]) => list);
      return json(res, { tagNames: unique(names).sort(), metrics: METRICS });
    }
    return json(res, { scopes: wanted.map(([name, list]) => (list.length === 0 ? { name } : { name, tags: list })), metrics: METRICS });
  }

  const v2 = values![1] !== undefined;
  const tag = decodeURIComponent(values![2]!);
  if (!v2) {
    const list = unique(inWindow.map((s) => (tag === 'name' ? s.name : (s.attrs[tag] ?? s.resource[tag]))).filter((v): v is string => v !== undefined));
    return json(res, { tagValues: list.sort(), metrics: METRICS });
  }
  const identifier = parseIdentifier(tag);
  if (identifier === null) return text(res, 400, `please provide a valid tagName: parse error at line 1, col 1: syntax error: unexpected IDENTIFIER in ${JSON.stringify(tag)}`);
  const q = req.query.get('q');
  if (q !== null) {
    try {
      inWindow = inWindow.filter(filter(q));
    } catch (error) {
      return text(res, 400, (error as Error).message);
    }
  }
  return json(res, { tagValues: typedValues(identifier, inWindow), metrics: METRICS });
}

function typedValues({ scope, name }: { scope: string; name: string }, spans: FakeSpan[]): { type: string; value: string }[] {
  if (scope === 'intrinsic') {
    if (name === 'name') return unique(spans.map((s) => s.name)).map((value) => ({ type: 'string', value }));
    return (FIXED_KEYWORDS[name] ?? []).map((value) => ({ type: 'keyword', value }));
  }
  const found = new Map<string, { type: string; value: string }>();
  for (const span of spans) {
    for (const where of scope === 'any' ? (['attrs', 'resource'] as const) : scope === 'span' ? (['attrs'] as const) : scope === 'resource' ? (['resource'] as const) : []) {
      const value = span[where][name];
      const type = span.types[where][name];
      if (value !== undefined && type !== undefined) found.set(`${type}\u0000${value}`, { type, value });
    }
  }
  return [...found.values()];
}

/** A TraceQL attribute or intrinsic, as Tempo's ParseIdentifier accepts it; null when it is not one. */
function parseIdentifier(tag: string): { scope: string; name: string } | null {
  if (INTRINSICS.includes(tag)) return { scope: 'intrinsic', name: tag };
  const m = /^(resource|span|event|link|instrumentation)?\.(.+)$/s.exec(tag);
  if (m === null) return null;
  const raw = m[2]!;
  let name = raw;
  if (raw.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\["\\])*"$/s.test(raw)) return null;
    name = raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  } else if (/[\s{}()=~!<>&|^,"]/.test(raw)) {
    return null;
  }
  return { scope: m[1] ?? 'any', name };
}

function secondsWindow(query: URLSearchParams): { start: bigint; end: bigint } | Error {
  const bounds = { start: 0n, end: 0n };
  for (const key of ['start', 'end'] as const) {
    const value = query.get(key);
    if (value === null) continue;
    if (!/^[-+]?\d+$/.test(value)) return new Error(`invalid ${key}: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
    const n = BigInt(value);
    if (n > 2_147_483_647n || n < -2_147_483_648n) return new Error(`invalid ${key}: strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
    bounds[key] = n;
  }
  return bounds;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function json(res: ServerResponse, body: unknown): true {
  sendJson(res, 200, body);
  return true;
}

function text(res: ServerResponse, status: number, body: string): true {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${body}\n`);
  return true;
}
