import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../shared/analysis/types.js';
import { DEMO_FILE } from '../core/core.js';
import { runCasefile } from './test-support/run-casefile.js';

/** `casefile analyze` through the real bin on the demo incident: the --json shape scripts rely on, and the text. */
let dir: string;
const casefile = (args: string[]) => runCasefile([...args, '--db', join(dir, 'cache.sqlite')]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-analyze-'));
  await casefile(['import', DEMO_FILE]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('casefile analyze', { timeout: 120_000 }, () => {
  it('prints the ranked suspects, blast radius and findings as JSON, best first', async () => {
    const run = await casefile(['analyze', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AnalysisResult;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['window', 'suspects', 'blastRadius', 'findings']));
    expect(result.suspects.map((s) => s.rank)).toEqual(result.suspects.map((_, k) => k + 1));
    for (const s of result.suspects) {
      expect(Object.keys(s)).toEqual(['rank', 'service', 'operation', 'kind', 'score', 'statement', 'evidence']);
      expect(['error-origin', 'latency', 'version-change', 'traffic-change', 'async']).toContain(s.kind);
    }
    expect(result.suspects.map((s) => `${s.kind} ${s.service}`)).toEqual(expect.arrayContaining(['version-change ads', 'error-origin cart', 'async email-worker']));
    expect(result.blastRadius.entryOperations[0]).toEqual({ service: expect.any(String), operation: expect.any(String), affected: expect.any(Number), total: expect.any(Number) });
    expect(result.findings).toEqual(expect.any(Array));
  });

  it('narrows to errors, and explains itself in text', async () => {
    const run = await casefile(['analyze', '--errors']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[error-origin\] cart · shop\.CartService\/GetCart/);
    expect(run.stdout).toMatch(/message ×\d+: userId must not be empty/);
    expect(run.stdout).not.toContain('[version-change]');
  });

  it('asks about one graph edge: the failing frontend -> cart calls point at cart', async () => {
    const run = await casefile(['analyze', '--symptom', 'frontend->cart', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AnalysisResult;
    expect(result.symptom).toEqual({ kind: 'edge', source: 'frontend', target: 'cart' });
    expect(`${result.suspects[0]?.kind} ${result.suspects[0]?.service}`).toBe('error-origin cart');
    expect((await casefile(['analyze', '--symptom', '->cart'])).stderr).toContain('--symptom FROM->TO needs both services, got "->cart"');
  });

  it('refuses two symptoms at once and an unreadable time', async () => {
    expect((await casefile(['analyze', '--errors', '--latency'])).stderr).toContain('give one of --symptom, --errors and --latency');
    const bad = await casefile(['analyze', '--from', 'yesterday', '--to', 'now']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be an ISO 8601 time or nanoseconds since the epoch, got "yesterday"');
  });
});
