import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CasefileError } from './casefile-format.js';
import { writeReport } from './report-casefile.js';

/** Turns a self-contained HTML file into PDF bytes (Electron: a hidden, script-less window's printToPDF). */
export type PdfRenderer = (htmlFile: string) => Promise<Uint8Array>;

/** Which casefile a report is made from: the one open as evidence, else where the investigation was last saved. */
export function reportSource(status: { savedAs: string | null; evidence: { kind: 'cache' } | { kind: 'casefile'; info: { file: string } } }): string {
  if (status.evidence.kind === 'casefile') return status.evidence.info.file;
  if (status.savedAs !== null) return status.savedAs;
  throw new CasefileError('(untitled)', 'save the investigation as a casefile first: the report is made from the saved file');
}

/**
 * The casefile's HTML report printed to PDF at `out`. The HTML goes to a private temporary folder (deleted after), so
 * the renderer loads a local file with no network and no script, exactly what `case report --html` writes.
 */
export async function writeReportPdf(casefile: string, out: string, render: PdfRenderer): Promise<{ pdf: string; bytes: number }> {
  const scratch = mkdtempSync(join(tmpdir(), 'casefile-pdf-'));
  try {
    const html = join(scratch, 'report.html');
    writeReport(casefile, { html }, null);
    const pdf = await render(html);
    writeFileSync(out, pdf);
    return { pdf: out, bytes: pdf.byteLength };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
