import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, openCore, type Core } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { exportRedacted } from './export-casefile.js';
import { openCasefileReadOnly } from './open-casefile.js';
import { readRules } from './redaction.js';
import { writeReport } from './report-casefile.js';

const TOKEN = 'tok-7c1f9e0a5b3d44e2';
const PASSWORD = 'pw-b8d21c9f07aa';

/** Every byte of `file` and whatever SQLite keeps beside it (-wal, -journal, -shm). */
function bytesOf(file: string): Buffer {
  return Buffer.concat(['', '-wal', '-journal', '-shm'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)));
}

describe('report and redacted export of a casefile; no secret is ever written (real files)', () => {
  let dir: string;
  let core: Core;
  let file: string;
  let customerId: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'casefile-report-'));
    core = await openCore({ databasePath: join(dir, 'cache.sqlite'), mode: 'electron' });
    await importFile(core.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    // Sources with secrets: a bearer token and a basic-auth password, kept in the secret store only.
    await core.sources.save({ name: 'tempo', kind: 'tempo', url: 'https://tempo.example.com', auth: { type: 'bearer' } }, { token: TOKEN });
    await core.sources.save({ name: 'loki', kind: 'loki', url: 'https://loki.example.com', auth: { type: 'basic', username: 'ops' } }, { password: PASSWORD });
    const h = core.handlers;
    const trace = (await h.searchTraces({ errorsOnly: true, limit: 1 }))[0]!;
    customerId = (core.db.prepare(`SELECT json_extract(attributes, '$."app.customer.id"') AS v FROM spans WHERE json_extract(attributes, '$."app.customer.id"') IS NOT NULL LIMIT 1`).get() as { v: string }).v;
    const at = (view: Record<string, unknown>) => ({ view: view as never, time: { kind: 'all' as const }, timeZone: 'utc' as const });
    await h.recordStep({ kind: 'view', state: at({ view: 'graph' }), detail: {}, parentId: null });
    await h.recordStep({ kind: 'view', state: at({ view: 'trace', traceId: trace.traceId }), detail: {}, parentId: null });
    await h.addNote({ target: { kind: 'trace', id: trace.traceId }, body: `customer ${customerId} hit it\n<script>alert(1)</script> [link](https://example.com)` });
    await h.addPin({ label: 'the failing request', kind: 'trace', ref: { traceId: trace.traceId }, stepId: null });
    await h.setConclusion({ summary: 'cart fails', rootCause: 'empty userId', impact: 'anonymous users', followUps: 'validate input' });
    // The demo's frontend fails ~5% of requests: a 99.9% objective pages.
    await h.saveSlo({ slo: { name: 'frontend-999', service: 'frontend', objective: { kind: 'availability', target: 0.999, bad: 'error' }, periodDays: 28 } });
    file = join(dir, 'incident.casefile');
    await h.saveCasefile({ file, evidence: 'looked-at' });
  });
  afterAll(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes no secret of a source into the casefile, the journal, or anything beside them', () => {
    // Only sources the evidence came from are described (none were pulled from here), and never with a secret.
    const sources = openCasefileReadOnly(file);
    expect(sources.prepare('SELECT name FROM casefile_sources').all()).toEqual([]);
    sources.close();
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.casefile') || f.startsWith('investigation.journal'))) {
      const bytes = bytesOf(join(dir, name)).toString('latin1');
      expect(bytes.includes(TOKEN), name).toBe(false);
      expect(bytes.includes(PASSWORD), name).toBe(false);
    }
  });

  it('reports as one self-contained HTML file: no script, no external reference, notes escaped, pin drawn as SVG', () => {
    const html = join(dir, 'report.html');
    const md = join(dir, 'report.md');
    writeReport(file, { html, md }, null);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Nothing to fetch: no src= or href= anywhere, and a CSP that refuses every request.
    expect(page).not.toMatch(/\s(src|href)=/i);
    expect(page).toContain("default-src 'none'");
    expect(page).toContain('the failing request');
    expect((page.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(page).toContain('empty userId');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('## Conclusion');
    expect(text).toContain('\\<script\\>');
  });

  it('reports the SLOs the casefile carries as they stood over its evidence, not as they stand today', () => {
    const md = join(dir, 'report-slos.md');
    const html = join(dir, 'report-slos.html');
    writeReport(file, { md, html }, null);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('## Service-level objectives at the time');
    // Markdown escapes '-' and '.' in text it did not write itself.
    expect(text).toMatch(/\| frontend\\-999 \| frontend \| 99\\\.9% succeed over 28 days \| 9\d\.\d% \| -\d+\.\d% \| \d+× \| page since 2026\\-11\\-20T14:0\d/);
    expect(readFileSync(html, 'utf8')).toMatch(/<tr data-slo="frontend-999"><td>frontend-999<\/td><td>frontend<\/td>/);
  });

  it('redacts by attribute key and by regex with stable keyed hashes, dry run first; the copy holds none of the values', () => {
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify({ hashKey: 'review-2026-12', attributes: ['app.customer.id'], patterns: [customerId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'userId'] }));
    const rules = readRules(rulesFile);
    const dry = exportRedacted(file, null, rules, true);
    expect(dry.file).toBeNull();
    expect(dry.counts['attribute app.customer.id']).toBeGreaterThan(0);
    expect(dry.counts['pattern userId']).toBeGreaterThan(0);
    const copy = join(dir, 'redacted.casefile');
    const done = exportRedacted(file, copy, rules, false);
    expect(done.counts).toEqual(dry.counts);
    const bytes = bytesOf(copy).toString('latin1');
    expect(bytes.includes(customerId)).toBe(false);
    expect(bytes.includes('userId')).toBe(false);
    // The same value has the same token everywhere, so a pivot on it still finds every span.
    const db = new Database(copy, { readonly: true });
    const tokens = db.prepare(`SELECT DISTINCT json_extract(attributes, '$."app.customer.id"') AS v FROM spans WHERE v IS NOT NULL`).pluck().all() as string[];
    expect(tokens.every((t) => /^redacted:[0-9a-f]{12}$/.test(t))).toBe(true);
    db.close();
    const badRules = join(dir, 'bad.json');
    writeFileSync(badRules, JSON.stringify({ patterns: ['(unclosed'] }));
    expect(() => readRules(badRules)).toThrow(`${badRules}: redaction rules: pattern "(unclosed" is not a regular expression`);
  });
});
