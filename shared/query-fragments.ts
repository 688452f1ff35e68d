/**
 * The query text a browsed tag and value become: a TraceQL condition (`resource.service.name = "cart"`), a LogQL
 * stream matcher (`app="cart"`) or a logfmt pair for Tempo's tags search, and how each is merged into what the user
 * already typed. Pure: the search forms insert these, and the Tempo connector names a scoped tag the same way when it
 * asks for its values.
 */

/** A tag as a source lists it: Tempo v2 gives its scope, Tempo v1 and Loki labels do not (null). */
export interface BrowsedTag {
  name: string;
  scope: string | null;
}

/** A value as a source lists it: Tempo v2 types it ('string', 'int', 'float', 'bool', 'duration', 'keyword'). */
export interface BrowsedValue {
  value: string;
  type: string | null;
}

/**
 * A Go double-quoted string literal. TraceQL and LogQL read strings with Go's strconv.Unquote, so quotes,
 * backslashes and control characters are escaped the Go way.
 */
export function goString(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

// ---- TraceQL ----

/** What ends an unquoted attribute name in Tempo's lexer (isAttributeRune), plus the quote that starts a quoted one. */
const TRACEQL_NAME_BREAK = /[\s{}()=~!<>&|^,"]/;

/**
 * The attribute as TraceQL names it: `resource.service.name`, `span.http.status_code`, an intrinsic bare (`status`,
 * `span:name`), an unscoped one with a leading dot (`.http.method`). A name the lexer would cut short is quoted
 * (`span."my attr"`); inside a quoted name only `"` and `\` are escaped.
 */
export function traceqlAttribute(tag: BrowsedTag): string {
  if (tag.scope === 'intrinsic') return tag.name;
  const name = tag.name === '' || TRACEQL_NAME_BREAK.test(tag.name) ? `"${tag.name.replace(/["\\]/g, '\\$&')}"` : tag.name;
  return tag.scope === null ? `.${name}` : `${tag.scope}.${name}`;
}

const BARE_VALUE: Record<string, RegExp> = {
  int: /^-?\d+$/,
  float: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
  bool: /^(true|false)$/,
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  // status and kind: ok, error, unset, server, client…
  keyword: /^[a-z]+$/,
};

/**
 * A value as a TraceQL literal of its type: numbers, booleans, durations and keywords bare (`500`, `true`, `error`),
 * strings quoted. An untyped value (Tempo v1) is written as a string; so is one that does not look like its type.
 */
export function traceqlValue(value: BrowsedValue): string {
  const bare = value.type === null ? undefined : BARE_VALUE[value.type];
  return bare !== undefined && bare.test(value.value) ? value.value : goString(value.value);
}

export function traceqlCondition(tag: BrowsedTag, value: BrowsedValue): string {
  return `${traceqlAttribute(tag)} = ${traceqlValue(value)}`;
}

/**
 * Adds a condition to a TraceQL query: a blank query becomes `{ cond }`; otherwise the condition joins the last
 * spanset filter with `&&` (`{ a } | count() > 1` → `{ a && cond } | count() > 1`), a filter holding a top-level
 * `||` being bracketed first. A condition already in that filter is not repeated. A query with no filter gets a new one.
 */
export function addTraceqlCondition(query: string, condition: string): string {
  const trimmed = query.trim();
  if (trimmed === '') return `{ ${condition} }`;
  const blocks = topLevelBlocks(trimmed);
  const last = blocks.at(-1);
  if (last === undefined) return `${trimmed} && { ${condition} }`;
  const inner = trimmed.slice(last.open + 1, last.close).trim();
  let merged: string;
  if (inner === '') merged = condition;
  else if (inner === condition || splitTopLevel(inner, '&&').some((part) => part.trim() === condition)) return trimmed;
  else merged = `${splitTopLevel(inner, '||').length > 1 ? `(${inner})` : inner} && ${condition}`;
  return `${trimmed.slice(0, last.open)}{ ${merged} }${trimmed.slice(last.close + 1)}`;
}

// ---- LogQL ----

/** Prometheus label names, which Loki uses for stream labels. */
const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function logqlMatcher(label: string, value: string): string | Error {
  if (!LOKI_LABEL.test(label)) return new Error(`the label ${JSON.stringify(label)} cannot be written in a LogQL stream selector (letters, digits and _ only, not starting with a digit)`);
  return `${label}=${goString(value)}`;
}

/**
 * Puts `label="value"` into a LogQL query's stream selector: a blank query becomes `{label="value"}`; an existing
 * selector (the first `{…}`, also inside a metric query) gains the matcher, or has the value of an existing
 * `label=` matcher replaced (two equality matchers on one label would match nothing); the rest of the query is
 * kept. A query without a selector (only a line filter) gets one in front.
 */
export function addLogqlMatcher(query: string, label: string, value: string): string | Error {
  const matcher = logqlMatcher(label, value);
  if (matcher instanceof Error) return matcher;
  const trimmed = query.trim();
  if (trimmed === '') return `{${matcher}}`;
  const selector = topLevelBlocks(trimmed, true)[0];
  if (selector === undefined) return `{${matcher}} ${trimmed}`;
  const matchers = splitTopLevel(trimmed.slice(selector.open + 1, selector.close), ',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  const same = matchers.findIndex((m) => new RegExp(`^${label}\\s*=(?![~=])`).test(m));
  if (same >= 0) matchers[same] = matcher;
  else if (!matchers.includes(matcher)) matchers.push(matcher);
  return `${trimmed.slice(0, selector.open)}{${matchers.join(', ')}}${trimmed.slice(selector.close + 1)}`;
}

// ---- logfmt (Tempo's `tags` search and Jaeger UI's Tags box) ----

const LOGFMT_PAIR = /\s*([^\s=]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/y;

/**
 * Sets `key=value` in a logfmt line (`http.status_code=500 region="eu west"`): an existing pair of that key is
 * replaced, otherwise the pair is appended. The value is quoted when it is empty or holds a space, quote, `=` or
 * backslash. A key with a space, `=`, quote or backslash cannot be written (Tempo refuses it).
 */
export function setLogfmtPair(line: string, key: string, value: string): string | Error {
  if (!/^[^\s="\\]+$/.test(key)) return new Error(`the tag ${JSON.stringify(key)} cannot be written in Tags (no spaces, "=", quotes or backslashes): use TraceQL`);
  const pair = `${key}=${/^[^\s"=\\]+$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`}`;
  const pairs: { key: string; text: string }[] = [];
  const trimmed = line.trim();
  let at = 0;
  while (at < trimmed.length) {
    LOGFMT_PAIR.lastIndex = at;
    const match = LOGFMT_PAIR.exec(trimmed);
    // Not logfmt (yet): leave what was typed alone and add the pair at the end.
    if (match === null) return `${trimmed} ${pair}`;
    pairs.push({ key: match[1]!, text: match[0].trim() });
    at = LOGFMT_PAIR.lastIndex;
    while (trimmed[at] === ' ') at++;
  }
  const same = pairs.findIndex((p) => p.key === key);
  if (same >= 0) pairs[same] = { key, text: pair };
  else pairs.push({ key, text: pair });
  return pairs.map((p) => p.text).join(' ');
}

// ---- scanning, shared by TraceQL and LogQL (both have Go strings and raw `backtick` strings) ----

/** The outermost `{…}` blocks, skipping braces inside strings; with `firstOnly`, stops after the first. */
function topLevelBlocks(text: string, firstOnly = false): { open: number; close: number }[] {
  const blocks: { open: number; close: number }[] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === '`') {
      i = stringEnd(text, i);
    } else if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      blocks.push({ open, close: i });
      if (firstOnly) break;
    }
  }
  return blocks;
}

/** Splits on `separator` outside strings, brackets and braces. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === '`') i = stringEnd(text, i);
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The index of the quote closing the string that opens at `start` (the last index when it is never closed). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length - 1;
}
