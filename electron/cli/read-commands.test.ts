import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail, TraceSummary } from '../../shared/api-types.js';
import { UPSTREAM } from '../../test/temp-cache.js';
import { DEMO_FILE } from '../core/core.js';
import { runCasefile, runCasefileIntoClosedPipe } from './test-support/run-casefile.js';

/** The read commands over the demo incident, as a new user meets them: pipes, typos, empty answers, the trace tree. */
let dir: string;
let db: string;
const casefile = (...args: string[]) => runCasefile([...args, '--db', db]);
let errorTraces: TraceSummary[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-read-'));
  db = join(dir, 'cache.sqlite');
  expect((await casefile('import', DEMO_FILE)).code).toBe(0);
  errorTraces = JSON.parse((await casefile('traces', '--errors', '--limit', '5', '--json')).stdout) as TraceSummary[];
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('casefile read commands', { timeout: 120_000 }, () => {
  it('ends quietly with exit 0 when the reader of its output goes away (| head)', async () => {
    for (const args of [['logs', '--limit', '2000'], ['traces', '--limit', '500'], ['trace', errorTraces[0]!.traceId]]) {
      const run = await runCasefileIntoClosedPipe([...args, '--db', db]);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('prints a trace depth-first, each span under its parent, with its links', async () => {
    for (const summary of errorTraces) {
      const detail = JSON.parse((await casefile('trace', summary.traceId, '--json')).stdout) as TraceDetail;
      const parentOf = new Map(detail.spans.map((s) => [s.spanId, s.parentSpanId]));
      const [header, ...lines] = (await casefile('trace', summary.traceId)).stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(detail.spans.length);
      const spanColumn = header!.indexOf('SPAN');
      const path: string[] = [];
      for (const line of lines) {
        const [, indent, spanId] = /^( *)\S.*? \(([0-9a-f]{16})\)/.exec(line.slice(spanColumn))!;
        const depth = indent!.length / 2;
        path.length = depth;
        // The row above at one level less is the span's parent: the indentation tells the truth.
        expect({ spanId, parent: depth === 0 ? null : path[depth - 1] }).toEqual({ spanId, parent: parentOf.get(spanId!) ?? null });
        path.push(spanId!);
      }
    }
    const linked = (await casefile('trace', '592818c1417821e6e5098180a1755567')).stdout;
    expect(linked).toMatch(/orders process \(ef761d245e09c7bf\)\s+→ 06f200e85303fc31ef2782a8141c1980\/5e49f22f3677b063/);
  });

  it('takes a unique id prefix as the omnibox does, and lists the candidates of an ambiguous one', async () => {
    const id = errorTraces[0]!.traceId;
    const byPrefix = await casefile('trace', id.slice(0, 8), '--json');
    expect((JSON.parse(byPrefix.stdout) as TraceDetail).traceId).toBe(id);
    const ambiguous = await casefile('trace', '1563');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('"1563" matches 2 ids in 2 traces');
    expect(ambiguous.stderr).toContain('1563c479e2d38a6c7f3bd65ffb1f0434');
    expect(ambiguous.stderr).toContain('1563f2e11d7dab485b790facfdc1fb75');
    const missing = await casefile('trace', 'ffffffff');
    expect(missing).toMatchObject({ code: 1, stderr: 'casefile: trace ffffffff is not in the cache\n' });
    expect((await casefile('trace', id.slice(0, 3))).stderr).toBe(`casefile: trace ${id.slice(0, 3)} is not in the cache (an id prefix needs at least 4 hex characters)\n`);
  });

  it('says when more traces match than shown, as logs does, and keeps --json the plain list', async () => {
    const shown = await casefile('traces', '--limit', '3');
    expect(shown.stdout.trim().split('\n')).toHaveLength(5);
    expect(shown.stdout).toMatch(/… more traces match; raise --limit to see them\n$/);
    expect(JSON.parse((await casefile('traces', '--limit', '3', '--json')).stdout)).toHaveLength(3);
    expect((await casefile('traces', '--limit', '10000')).stdout).not.toContain('more traces match');
  });

  it('lists the slow ones: sorted by duration, within duration bounds, with the bounds named when nothing matches', async () => {
    const longest = JSON.parse((await casefile('traces', '--sort', 'duration', '--limit', '20', '--json')).stdout) as TraceSummary[];
    const durations = longest.map((t) => BigInt(t.durationNs));
    expect(durations).toEqual([...durations].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0)));
    const floorMs = Number(durations[9]!) / 1e6;
    const slow = JSON.parse((await casefile('traces', '--min-duration', `${floorMs}ms`, '--limit', '1000', '--json')).stdout) as TraceSummary[];
    expect(slow.length).toBeGreaterThanOrEqual(10);
    expect(slow.every((t) => Number(t.durationNs) >= floorMs * 1e6)).toBe(true);
    const none = await casefile('traces', '--min-duration', '1h');
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: 'casefile: no traces lasting ≥ 3600000 ms\n' });
    expect((await casefile('traces', '--sort', 'size')).stderr).toBe('casefile: --sort must be one of start, duration, spans, errors, got "size"\n');
  });

  it('finds the forms of a word and its prefixes in log text: sleep, sleep* and sleeping all find the leftover sleeps', async () => {
    const count = async (word: string) => (JSON.parse((await casefile('logs', '--search', word, '--limit', '1000', '--json')).stdout) as { logs: unknown[] }).logs.length;
    const sleeping = await count('sleeping');
    expect(sleeping).toBe(25);
    expect(await count('sleep')).toBe(sleeping);
    expect(await count('sleep*')).toBe(sleeping);
    expect(await count('slee*')).toBeGreaterThanOrEqual(sleeping);
  });

  it('says so on stderr when an answer is empty, and names an unknown service or trace as a usage error', async () => {
    const noService = await casefile('traces', '--service', 'nosuch');
    expect(noService.code).toBe(2);
    expect(noService.stderr).toMatch(/^casefile: no service named nosuch; services: ads, cart, checkout, .*frontend/);
    expect((await casefile('logs', '--service', 'nosuch')).code).toBe(2);
    const noTrace = await casefile('logs', '--trace', '0123456789abcdef0123456789abcdef');
    expect(noTrace).toMatchObject({ code: 2, stdout: '', stderr: 'casefile: no trace 0123456789abcdef0123456789abcdef in the cache: no span and no log carries it\n' });
    const noWord = await casefile('logs', '--search', 'wordnotthere');
    expect(noWord).toMatchObject({
      code: 0,
      stdout: '',
      stderr: `casefile: no logs matching "wordnotthere" (whole words and their forms); words starting with these: --search 'wordnotthere*'\n`,
    });
    const noOperation = await casefile('traces', '--service', 'ads', '--operation', 'nothing');
    expect(noOperation).toMatchObject({ code: 0, stderr: 'casefile: no traces of service ads, with a span named nothing\n' });
  });

  it('refuses stray arguments, unknown or foreign flags and bad values in one line with the command\'s own usage', async () => {
    const bogus = await casefile('traces', '--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.split('\n')[0]).toBe('casefile: unknown option --bogus');
    expect(bogus.stderr).toContain('Usage: casefile traces');
    expect(bogus.stderr).not.toContain('pull --source');
    expect((await casefile('trace', 'a', 'b')).stderr.split('\n')[0]).toBe('casefile: trace takes at most 1 argument; unexpected "b"');
    expect((await casefile('services', 'extra')).stderr.split('\n')[0]).toBe('casefile: services takes no arguments; unexpected "extra"');
    expect((await casefile('traces', '--trace', 'x')).stderr.split('\n')[0]).toBe('casefile: traces does not take --trace');
    expect(await casefile('traces', '--limit', '-5')).toMatchObject({ code: 2, stderr: 'casefile: --limit must be a positive whole number, got "-5"\n' });
    expect((await casefile('logs', '--limit')).stderr.split('\n')[0]).toBe('casefile: --limit needs a value');
    const help = await runCasefile(['logs', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: casefile logs/);
    expect(help.stdout).not.toContain('source add');
    expect(await runCasefile(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^casefile \d+\.\d+\.\d+\n$/) });
  });

  it('refuses a --db that is not a cache, naming it, and creates one only for writing commands in a folder that exists', async () => {
    const missing = join(dir, 'typo', 'cache.sqlite');
    expect(await runCasefile(['services', '--db', missing])).toMatchObject({ code: 1, stdout: '', stderr: `casefile: no cache at ${missing}\n` });
    expect(await runCasefile(['import', DEMO_FILE, '--db', missing])).toMatchObject({ code: 1, stderr: `casefile: cannot create a cache at ${missing}: the folder ${join(dir, 'typo')} does not exist\n` });
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    const sibling = join(dir, 'other.sqlite');
    expect((await runCasefile(['traces', '--db', sibling])).stderr).toBe(`casefile: no cache at ${sibling}\n`);
    expect(existsSync(sibling)).toBe(false);

    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    expect((await runCasefile(['services', '--db', empty])).stderr).toBe(`casefile: ${empty} is an empty file, not a Casefile cache\n`);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all');
    expect((await runCasefile(['import', DEMO_FILE, '--db', garbage])).stderr).toBe(`casefile: ${garbage} is not a Casefile cache (not an SQLite database)\n`);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(await runCasefile(['services', '--db', folder])).toMatchObject({ code: 1, stderr: `casefile: ${folder} is a folder, not a cache file\n` });
  });
});

describe('casefile import', { timeout: 60_000 }, () => {
  it('prints what the import must say under the file: a span id shared by two spans', async () => {
    const sample = join(UPSTREAM, 'jaeger-v1-http/jaeger-ui__stats_traceWithMultipleSpansWithTheSameValueInDifferentTags.json');
    const run = await runCasefile(['import', sample, '--db', join(dir, 'warnings.sqlite')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4 of 4 spans and 0 of 0 logs added\nwarning: trace [0-9a-f]{32}: span id 2dc4b796e2127e32 is used by two different spans/);
  });
});
