import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRedacted } from './export-casefile.js';
import { openCasefileReadOnly } from './open-casefile.js';
import type { RedactionRules } from './redaction.js';
import { reportHtml } from './report/report-html.js';
import { reportMarkdown } from './report/report-markdown.js';
import { reportModel } from './report/report-model.js';

/**
 * `casefile case report`: the report of a casefile as HTML and/or Markdown. With redaction rules, the report is made
 * from a redacted copy (in a private temporary folder, deleted after), so no redacted value can reach it.
 */
export function writeReport(file: string, outputs: { html?: string; md?: string }, rules: RedactionRules | null): { html: string | null; md: string | null } {
  let source = file;
  let scratch: string | null = null;
  try {
    if (rules !== null) {
      scratch = mkdtempSync(join(tmpdir(), 'casefile-report-'));
      source = join(scratch, 'redacted.casefile');
      exportRedacted(file, source, rules, false);
    }
    const db = openCasefileReadOnly(source);
    let model;
    try {
      model = reportModel(db, file);
    } finally {
      db.close();
    }
    if (outputs.html !== undefined) writeFileSync(outputs.html, reportHtml(model));
    if (outputs.md !== undefined) writeFileSync(outputs.md, reportMarkdown(model));
    return { html: outputs.html ?? null, md: outputs.md ?? null };
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  }
}
