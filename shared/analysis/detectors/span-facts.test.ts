import { describe, expect, it } from 'vitest';
import { httpAttrs, TraceBuilder } from '../../../test/analysis/span-builder.js';
import { httpRoute, isSqlCall, normaliseStatement } from './span-facts.js';

describe('normaliseStatement', () => {
  it('strips literals and parameters so calls of one statement group', () => {
    expect(normaliseStatement("SELECT * FROM t WHERE id = 42 AND name = 'O''Brien'")).toBe('SELECT * FROM t WHERE id = ? AND name = ?');
    expect(normaliseStatement('SELECT * FROM t WHERE a = $1 AND b = :name AND c = @p2 AND d = ?')).toBe('SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?');
    expect(normaliseStatement('SELECT * FROM t WHERE id IN (1, 2,3)')).toBe(normaliseStatement('SELECT * FROM t WHERE id IN (4)'));
    expect(normaliseStatement('INSERT INTO t (a, b) VALUES (1, 2), (3, 4)')).toBe('INSERT INTO t (a, b) VALUES (?)');
    expect(normaliseStatement('SELECT  col1\n FROM table2')).toBe('SELECT col1 FROM table2');
  });
});

describe('span kinds by convention', () => {
  const b = new TraceBuilder('3'.repeat(32));
  it('tells SQL from key-value calls by db.system / db.system.name, not by name', () => {
    expect(isSqlCall(b.span(null, { service: 's', name: 'query', kind: 'client', at: 0, ms: 1, attributes: { 'db.system.name': 'postgresql' } }))).toBe(true);
    expect(isSqlCall(b.span(null, { service: 's', name: 'SELECT x', kind: 'client', at: 0, ms: 1, attributes: {} }))).toBe(false);
    expect(isSqlCall(b.span(null, { service: 's', name: 'GET', kind: 'client', at: 0, ms: 1, attributes: { 'db.system': 'redis' } }))).toBe(false);
  });

  it('names an HTTP route by template, else by path with ids stripped', () => {
    expect(httpRoute(b.span(null, { service: 's', name: 'GET', kind: 'client', at: 0, ms: 1, attributes: { ...httpAttrs('GET', 'http://h/x/1'), 'url.template': '/x/{id}' } }))).toBe('GET /x/{id}');
    expect(httpRoute(b.span(null, { service: 's', name: 'GET', kind: 'client', at: 0, ms: 1, attributes: httpAttrs('GET', 'http://h/users/7f3a9c2e-1b2c-4d5e-8f90-123456789abc/orders/12?x=1') }))).toBe('GET /users/{id}/orders/{id}');
  });
});
