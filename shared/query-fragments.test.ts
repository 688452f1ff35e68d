import { describe, expect, it } from 'vitest';
import { addLogqlMatcher, addTraceqlCondition, goString, setLogfmtPair, traceqlAttribute, traceqlCondition, traceqlValue } from './query-fragments.js';

/** Go's strconv.Unquote for the escapes goString writes, so a round trip is checked the way Tempo and Loki read it. */
function goUnquote(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  return literal.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

describe('Go string literals', () => {
  it('escapes quotes, backslashes and control characters, and reads back to the same text', () => {
    const tricky = 'say "hi"\\ then\ttab\nnew line';
    expect(goString(tricky)).toBe('"say \\"hi\\"\\\\ then\\ttab\\nnew line"');
    expect(goUnquote(goString(tricky))).toBe(tricky);
    expect(goString('')).toBe('""');
  });
});

describe('TraceQL fragments', () => {
  it('writes the scope prefix Tempo v2 gave, intrinsics bare, and unscoped (v1) tags with a leading dot', () => {
    expect(traceqlAttribute({ name: 'service.name', scope: 'resource' })).toBe('resource.service.name');
    expect(traceqlAttribute({ name: 'http.status_code', scope: 'span' })).toBe('span.http.status_code');
    expect(traceqlAttribute({ name: 'status', scope: 'intrinsic' })).toBe('status');
    expect(traceqlAttribute({ name: 'span:name', scope: 'intrinsic' })).toBe('span:name');
    expect(traceqlAttribute({ name: 'http.method', scope: null })).toBe('.http.method');
    expect(traceqlAttribute({ name: 'exception.type', scope: 'event' })).toBe('event.exception.type');
  });

  it('quotes a name the lexer would cut short, escaping only " and \\ inside it', () => {
    expect(traceqlAttribute({ name: 'my attr', scope: 'span' })).toBe('span."my attr"');
    expect(traceqlAttribute({ name: 'a"b\\c', scope: 'resource' })).toBe('resource."a\\"b\\\\c"');
    expect(traceqlAttribute({ name: 'k=v', scope: null })).toBe('."k=v"');
    // Dots, dashes, slashes and colons are part of a name.
    expect(traceqlAttribute({ name: 'k8s.pod-name/x:y', scope: 'resource' })).toBe('resource.k8s.pod-name/x:y');
  });

  it('writes numbers, booleans, durations and keywords bare, strings and untyped values quoted', () => {
    expect(traceqlCondition({ name: 'http.status_code', scope: 'span' }, { value: '500', type: 'int' })).toBe('span.http.status_code = 500');
    expect(traceqlCondition({ name: 'service.name', scope: 'resource' }, { value: 'cart', type: 'string' })).toBe('resource.service.name = "cart"');
    expect(traceqlValue({ value: 'error', type: 'keyword' })).toBe('error');
    expect(traceqlValue({ value: 'true', type: 'bool' })).toBe('true');
    expect(traceqlValue({ value: '0.25', type: 'float' })).toBe('0.25');
    expect(traceqlValue({ value: '1.5s', type: 'duration' })).toBe('1.5s');
    // Tempo v1 does not type values: a number-looking string stays a string.
    expect(traceqlValue({ value: '500', type: null })).toBe('"500"');
    // A value that does not look like its type is not trusted bare.
    expect(traceqlValue({ value: '5 00', type: 'int' })).toBe('"5 00"');
    expect(traceqlValue({ value: 'GET "/cart"\\x', type: 'string' })).toBe('"GET \\"/cart\\"\\\\x"');
  });

  it('starts a filter, or joins the last one with &&, without repeating a condition', () => {
    const cart = 'resource.service.name = "cart"';
    expect(addTraceqlCondition('', cart)).toBe(`{ ${cart} }`);
    expect(addTraceqlCondition('  {}  ', cart)).toBe(`{ ${cart} }`);
    expect(addTraceqlCondition('{ status = error }', cart)).toBe(`{ status = error && ${cart} }`);
    expect(addTraceqlCondition(`{ status = error && ${cart} }`, cart)).toBe(`{ status = error && ${cart} }`);
    // A pipeline after the filter is kept; the condition goes into the filter.
    expect(addTraceqlCondition('{ status = error } | count() > 2', cart)).toBe(`{ status = error && ${cart} } | count() > 2`);
    // Several filters: the last one; an || inside it is bracketed so && does not bind to one side only.
    expect(addTraceqlCondition('{ .a = 1 } >> { .b = 2 || .c = 3 }', cart)).toBe(`{ .a = 1 } >> { (.b = 2 || .c = 3) && ${cart} }`);
    // Braces inside strings are not filters.
    expect(addTraceqlCondition('{ name = "GET /{id}" }', cart)).toBe(`{ name = "GET /{id}" && ${cart} }`);
    expect(addTraceqlCondition('{ name = `raw }` }', cart)).toBe(`{ name = \`raw }\` && ${cart} }`);
  });
});

describe('LogQL fragments', () => {
  it('starts a selector, or adds the matcher to the existing one, keeping the pipeline', () => {
    expect(addLogqlMatcher('', 'app', 'cart')).toBe('{app="cart"}');
    expect(addLogqlMatcher('{}', 'app', 'cart')).toBe('{app="cart"}');
    expect(addLogqlMatcher('{namespace="shop"} |= "error"', 'app', 'cart')).toBe('{namespace="shop", app="cart"} |= "error"');
    expect(addLogqlMatcher('{ namespace = "shop" , level!="debug" }', 'app', 'cart')).toBe('{namespace = "shop", level!="debug", app="cart"}');
  });

  it('replaces the value of an equality matcher on the same label, and leaves other operators and labels alone', () => {
    expect(addLogqlMatcher('{app="ads", namespace="shop"} | json', 'app', 'cart')).toBe('{app="cart", namespace="shop"} | json');
    expect(addLogqlMatcher('{app=~"ad.*"}', 'app', 'cart')).toBe('{app=~"ad.*", app="cart"}');
    expect(addLogqlMatcher('{application="x"}', 'app', 'cart')).toBe('{application="x", app="cart"}');
    expect(addLogqlMatcher('{app="cart"}', 'app', 'cart')).toBe('{app="cart"}');
  });

  it('merges into the selector of a metric query and skips braces and commas inside strings', () => {
    expect(addLogqlMatcher('sum(count_over_time({app="ads"}[5m]))', 'level', 'error')).toBe('sum(count_over_time({app="ads", level="error"}[5m]))');
    expect(addLogqlMatcher('{path="/a,{b}"} |= "}"', 'app', 'cart')).toBe('{path="/a,{b}", app="cart"} |= "}"');
  });

  it('quotes values with quotes and backslashes as LogQL reads them, and refuses a label LogQL cannot name', () => {
    const value = 'C:\\logs\\"x"';
    const query = addLogqlMatcher('', 'filename', value);
    expect(query).toBe('{filename="C:\\\\logs\\\\\\"x\\""}');
    expect(goUnquote((query as string).slice('{filename='.length, -1))).toBe(value);
    expect(addLogqlMatcher('{}', 'service.name', 'x')).toBeInstanceOf(Error);
    expect(addLogqlMatcher('{}', '1abc', 'x')).toBeInstanceOf(Error);
  });

  it('puts a selector in front of a query that has none', () => {
    expect(addLogqlMatcher('|= "timeout"', 'app', 'cart')).toBe('{app="cart"} |= "timeout"');
  });
});

describe('logfmt tags', () => {
  it('appends a pair, quoting only values that need it', () => {
    expect(setLogfmtPair('', 'http.status_code', '500')).toBe('http.status_code=500');
    expect(setLogfmtPair('error=true', 'region', 'eu west')).toBe('error=true region="eu west"');
    expect(setLogfmtPair('', 'q', 'say "hi"\\')).toBe('q="say \\"hi\\"\\\\"');
    expect(setLogfmtPair('', 'empty', '')).toBe('empty=""');
  });

  it('replaces the pair of the same key and keeps the others as typed', () => {
    expect(setLogfmtPair('a=1 region="eu west"  b=2', 'region', 'us')).toBe('a=1 region=us b=2');
  });

  it('refuses a key Tempo refuses, and leaves text that is not logfmt alone', () => {
    expect(setLogfmtPair('', 'my tag', 'x')).toBeInstanceOf(Error);
    expect(setLogfmtPair('oops', 'a', '1')).toBe('oops a=1');
  });
});
