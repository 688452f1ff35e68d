import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../shared/api-types.js';
import type { CasefileInfo } from '../../shared/casefile-types.js';
import { DEMO_FILE } from '../core/core.js';
import { runCasefile } from './test-support/run-casefile.js';

/** `casefile case save|info` and the read commands on a casefile, through the real bin. */
let dir: string;
let cache: string;
let errorTraces: TraceSummary[];
const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-case-'));
  cache = join(dir, 'cache.sqlite');
  await runCasefile(['import', DEMO_FILE, '--db', cache]);
  errorTraces = json<TraceSummary[]>(await runCasefile(['traces', '--errors', '--limit', '3', '--json', '--db', cache]));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('casefile case', { timeout: 120_000 }, () => {
  it('saves the traces asked for, says what it holds, and the read commands answer from it (even read-only)', async () => {
    const out = join(dir, 'errors.casefile');
    const ids = errorTraces.map((t) => t.traceId);
    const save = await runCasefile(['case', 'save', '--db', cache, '--out', out, '--traces', ids.join(','), '--title', 'Cart errors', '--author', 'oncall', '--json']);
    expect(save.stderr).toBe('');
    expect(json<{ traces: number; spans: number }>(save)).toMatchObject({ file: out, traces: 3 });
    chmodSync(out, 0o444);
    const before = readFileSync(out);
    const info = json<CasefileInfo>(await runCasefile(['case', 'info', out, '--json']));
    expect(info).toMatchObject({ formatVersion: '2.0', title: 'Cart errors', author: 'oncall', evidence: 'looked-at' });
    expect(info.counts).toMatchObject({ traces: 3, steps: 0, notes: 0, pins: 0 });
    const traces = json<TraceSummary[]>(await runCasefile(['traces', '--db', out, '--json']));
    expect(traces.map((t) => t.traceId).sort()).toEqual([...ids].sort());
    expect(traces).toEqual(errorTraces.slice().sort((a, b) => (BigInt(b.startNs) > BigInt(a.startNs) ? 1 : -1)));
    const text = await runCasefile(['trace', ids[0]!, '--db', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ERROR');
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  it('merges two casefiles of the incident into a third: the traces of both, each once', async () => {
    const ids = errorTraces.map((t) => t.traceId);
    const a = join(dir, 'merge-a.casefile');
    const b = join(dir, 'merge-b.casefile');
    await runCasefile(['case', 'save', '--db', cache, '--out', a, '--traces', ids.slice(0, 2).join(','), '--author', 'alice']);
    await runCasefile(['case', 'save', '--db', cache, '--out', b, '--traces', ids.slice(1).join(','), '--author', 'bob']);
    const out = join(dir, 'merged.casefile');
    const merge = await runCasefile(['case', 'merge', a, b, '--out', out, '--json']);
    expect(merge.stderr).toBe('');
    expect(json<{ file: string; added: { spans: number } }>(merge)).toMatchObject({ file: out, added: { steps: 0 } });
    const info = json<CasefileInfo>(await runCasefile(['case', 'info', out, '--json']));
    expect(info).toMatchObject({ author: 'alice, bob', counts: { traces: 3 } });
    const traces = json<TraceSummary[]>(await runCasefile(['traces', '--db', out, '--json']));
    expect(traces.map((t) => t.traceId).sort()).toEqual([...ids].sort());
    const same = await runCasefile(['case', 'merge', a, b, '--out', a]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--out must be another file/);
  });

  it('saves a window with --all-in-window and records the window', async () => {
    const out = join(dir, 'window.casefile');
    const t = errorTraces[0]!;
    const save = await runCasefile(['case', 'save', '--db', cache, '--out', out, '--from', t.startNs, '--to', (BigInt(t.startNs) + 60_000_000_000n).toString(), '--all-in-window', '--json']);
    expect(save.stderr).toBe('');
    const info = json<CasefileInfo>(await runCasefile(['case', 'info', out, '--json']));
    expect(info.evidence).toBe('all-in-window');
    expect(info.windows).toEqual([{ startNs: t.startNs, endNs: (BigInt(t.startNs) + 60_000_000_000n).toString() }]);
    expect(info.counts.spans).toBeGreaterThan(0);
  });

  it('refuses bad input with the file and the reason, and leaves no file behind', async () => {
    const missingTrace = await runCasefile(['case', 'save', '--db', cache, '--out', join(dir, 'x.casefile'), '--traces', 'abcdef0123456789abcdef0123456789']);
    expect(missingTrace.code).toBe(1);
    expect(missingTrace.stderr).toBe(`casefile: ${cache}: does not hold trace abcdef0123456789abcdef0123456789\n`);
    const nothing = await runCasefile(['case', 'save', '--db', cache, '--out', join(dir, 'x.casefile')]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/say what the casefile keeps/);
    const renamed = join(dir, 'renamed.casefile');
    writeFileSync(renamed, '{"traces": []}');
    const readJson = await runCasefile(['services', '--db', renamed]);
    expect(readJson.code).toBe(1);
    expect(readJson.stderr).toBe(`casefile: ${renamed}: is not a casefile: it is not a SQLite database (it looks like a JSON file)\n`);
    const plain = await runCasefile(['case', 'info', cache]);
    expect(plain.stderr).toMatch(new RegExp(`^casefile: ${cache}: is not a casefile: it is a Casefile cache`));
  });

  it('writes the report and a redacted copy from the command line', async () => {
    const file = join(dir, 'errors.casefile');
    const html = join(dir, 'report.html');
    const report = await runCasefile(['case', 'report', file, '--html', html, '--json']);
    expect(report.stderr).toBe('');
    expect(json<{ html: string }>(report).html).toBe(html);
    expect(readFileSync(html, 'utf8')).toContain('<h2>Conclusion</h2>');
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ hashKey: 'a-test-key', attributes: ['app.customer.id'] }));
    const dry = await runCasefile(['case', 'export', file, '--redact', rules, '--dry-run', '--json']);
    expect(json<{ dryRun: boolean; counts: Record<string, number> }>(dry)).toMatchObject({ dryRun: true, file: null });
    const copy = join(dir, 'redacted.casefile');
    const done = await runCasefile(['case', 'export', file, '--redact', rules, '--out', copy]);
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain(`Wrote ${copy}`);
    const info = json<CasefileInfo>(await runCasefile(['case', 'info', copy, '--json']));
    expect(info.counts.traces).toBe(3);
  });
});
