import type { AttrValue, Span } from '../../model.js';

/**
 * What a span is, by OpenTelemetry's semantic conventions (old and new names both, since producers span both
 * generations) rather than by its name: a database call, a key-value call, an outgoing HTTP call, and what it targets.
 */

function str(value: AttrValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function attr(span: Span, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = str(span.attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** db.system.name (semconv 1.26+) or db.system (before). */
export function dbSystem(span: Span): string | undefined {
  // Asked of every span by several detectors: two plain lookups, no key list.
  return (str(span.attributes['db.system.name']) ?? str(span.attributes['db.system']))?.toLowerCase();
}

/** Stores whose calls are lookups by key: a loop of GETs is how they are used, not an N+1 of SQL. */
const KEY_VALUE_SYSTEMS = new Set(['redis', 'valkey', 'keydb', 'dragonfly', 'memcached', 'etcd', 'aerospike', 'hazelcast', 'coherence', 'geode', 'dynamodb']);

export function isKeyValueSystem(system: string): boolean {
  return KEY_VALUE_SYSTEMS.has(system);
}

/** The caller's side of a database call (a server span carrying db.* is the database's own view, not a call). */
export function isDbCall(span: Span): boolean {
  return (span.kind === 'client' || span.kind === 'unspecified' || span.kind === 'internal') && dbSystem(span) !== undefined;
}

export function isSqlCall(span: Span): boolean {
  const system = dbSystem(span);
  return system !== undefined && isDbCall(span) && !isKeyValueSystem(system);
}

/** The query text (db.query.text, db.statement), else what the span says of its operation and table, else its name. */
export function dbStatement(span: Span): string {
  const text = attr(span, 'db.query.text', 'db.statement');
  if (text !== undefined) return text;
  const operation = attr(span, 'db.operation.name', 'db.operation');
  const table = attr(span, 'db.collection.name', 'db.sql.table', 'db.mongodb.collection', 'db.cassandra.table');
  return operation !== undefined && table !== undefined ? `${operation} ${table}` : span.name;
}

/**
 * A statement with its literals and parameters stripped, so `WHERE id = 7` and `WHERE id = 9` group: strings,
 * numbers, placeholders ($1, :name, @p1, ?) become `?`, IN lists and VALUES rows collapse to one, spaces to one.
 */
export function normaliseStatement(statement: string): string {
  return statement
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+|:[A-Za-z_]\w*|@[A-Za-z_]\w*|\?/g, '?')
    .replace(/\b0x[0-9a-f]+\b|(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/(VALUES\s*\(\?\))(?:\s*,\s*\(\?\))+/gi, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The method of an HTTP call (http.request.method, http.method), or undefined when the span is not one. */
export function httpMethod(span: Span): string | undefined {
  return attr(span, 'http.request.method', 'http.method');
}

export function isHttpClientCall(span: Span): boolean {
  return span.kind === 'client' && httpMethod(span) !== undefined;
}

/** Where an outgoing call goes: host and port of the peer, by whichever convention the producer used. */
export function peerOf(span: Span): string {
  const host = attr(span, 'server.address', 'net.peer.name', 'peer.service', 'http.host', 'net.peer.ip', 'network.peer.address');
  const port = attr(span, 'server.port', 'net.peer.port');
  if (host !== undefined) return port === undefined ? host : `${host}:${port}`;
  const url = attr(span, 'url.full', 'http.url');
  return url?.match(/^[a-z]+:\/\/([^/?#]+)/i)?.[1] ?? '';
}

/** Path segments that are ids (numbers, UUIDs, long hex or mixed tokens) become {id}, so /items/7 and /items/9 match. */
function templatePath(path: string): string {
  return path
    .split('/')
    .map((seg) => (/^\d+$|^[0-9a-f]{8}-[0-9a-f-]{27,}$|^[0-9a-f]{12,}$|^(?=.*\d)[A-Za-z0-9_-]{8,}$/i.test(seg) ? '{id}' : seg))
    .join('/');
}

/** An HTTP call's route: its template where the producer names one, else its URL's path with ids stripped. */
export function httpRoute(span: Span): string {
  const method = httpMethod(span) ?? '';
  const template = attr(span, 'url.template', 'http.route');
  if (template !== undefined) return `${method} ${template}`;
  const url = attr(span, 'url.full', 'http.url', 'url.path', 'http.target');
  const path = url?.replace(/^[a-z]+:\/\/[^/?#]+/i, '').replace(/[?#].*$/, '');
  return `${method} ${path === undefined || path === '' ? span.name : templatePath(path)}`;
}

/** What a call targets, for "the same call again": peer plus route, statement or name. */
export function callTarget(span: Span): string {
  if (isDbCall(span)) return `${dbSystem(span)} ${normaliseStatement(dbStatement(span))}`;
  if (httpMethod(span) !== undefined) return `${peerOf(span)} ${httpRoute(span)}`;
  const rpc = attr(span, 'rpc.service');
  return `${peerOf(span)} ${rpc === undefined ? span.name : `${rpc}/${attr(span, 'rpc.method') ?? ''}`}`;
}

/** Short text for a statement in a sentence or label: first 80 characters. */
export function shortText(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
