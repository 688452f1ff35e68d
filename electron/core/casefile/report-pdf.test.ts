import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCache } from '../../../test/temp-cache.js';
import { DEMO_FILE } from '../core.js';
import { importFile } from '../ingest/import-file.js';
import { reportSource, writeReportPdf } from './report-pdf.js';
import { saveCasefile } from './save-casefile.js';

/** The report printed to PDF (Electron's printToPDF stands behind the renderer; here a fake that checks what it is given). */
describe('report as PDF', () => {
  let cache: ReturnType<typeof tempCache>;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    cache = tempCache();
    await importFile(cache.db, DEMO_FILE, { kind: 'demo', target: 'demo incident' });
    dir = mkdtempSync(join(tmpdir(), 'casefile-pdf-test-'));
    file = join(dir, 'incident.casefile');
    const traceId = cache.db.prepare('SELECT trace_id FROM traces WHERE error_count > 0 LIMIT 1').pluck().get() as string;
    saveCasefile(cache.path, file, { traceIds: [traceId], logIds: [], windows: [], allInWindow: false }, {
      title: 'Cart errors',
      author: 'oncall',
      journal: { steps: [], notes: [], pins: [{ id: 1, createdAt: Date.now(), author: 'oncall', label: 'the failing request', kind: 'trace', ref: { traceId }, stepId: null }], conclusion: null },
    });
  });
  afterAll(() => {
    cache.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the self-contained HTML report, and leaves no temporary file behind', async () => {
    let seen = '';
    const out = join(dir, 'report.pdf');
    const result = await writeReportPdf(file, out, async (html) => {
      seen = html;
      const page = readFileSync(html, 'utf8');
      expect(page).toContain("default-src 'none'");
      expect(page).toContain('the failing request');
      expect(page).not.toMatch(/<script/i);
      return Buffer.from('%PDF-1.7 fake');
    });
    expect(result).toEqual({ pdf: out, bytes: 13 });
    expect(readFileSync(out, 'latin1')).toBe('%PDF-1.7 fake');
    expect(existsSync(seen)).toBe(false);
  });

  it('reports from the open casefile, else the last save, and asks for a save first when there is none', () => {
    expect(reportSource({ savedAs: '/a/x.casefile', evidence: { kind: 'casefile', info: { file: '/b/y.casefile' } } })).toBe('/b/y.casefile');
    expect(reportSource({ savedAs: '/a/x.casefile', evidence: { kind: 'cache' } })).toBe('/a/x.casefile');
    expect(() => reportSource({ savedAs: null, evidence: { kind: 'cache' } })).toThrow(/save the investigation as a casefile first/);
  });
});
