import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import type { CasefileInfo } from '../../shared/casefile-types.js';
import { CASEFILE_EXTENSION } from '../core/casefile/casefile-format.js';
import { casefileInfo } from '../core/casefile/casefile-info.js';
import { mergeCasefiles } from '../core/casefile/merge-casefiles.js';
import { openCasefileReadOnly } from '../core/casefile/open-casefile.js';
import type { exportRedacted as ExportRedacted } from '../core/casefile/export-casefile.js';
import { readRules } from '../core/casefile/redaction.js';
import type { writeReport as WriteReport } from '../core/casefile/report-casefile.js';
import { saveCasefile, type SaveResult } from '../core/casefile/save-casefile.js';
import { readCacheForSave } from '../core/casefile/cache-for-save.js';
import { defaultDatabasePath } from '../core/paths.js';
import { selectionFromFlags } from './case-save-flags.js';
import { UsageError, type CommandContext } from './commands.js';
import { isoTime, printJson } from './output.js';
import { single } from './source-flags.js';

type CaseContext = Omit<CommandContext, 'core'>;

/** `casefile case save|info|report|export`: casefiles without the UI (runbooks, bots, reviewers). */
export async function caseCommand(ctx: CaseContext): Promise<void> {
  const [verb, ...rest] = ctx.args;
  const sub = { ...ctx, args: rest };
  if (verb === 'save') return caseSave(sub);
  if (verb === 'info') return caseInfo(sub);
  // Loaded only when asked for: the report draws with echarts, which every other command would pay to load.
  if (verb === 'report') return caseReport(sub, (await import('../core/casefile/report-casefile.js')).writeReport);
  if (verb === 'export') return caseExport(sub, (await import('../core/casefile/export-casefile.js')).exportRedacted);
  if (verb === 'merge') return caseMerge(sub);
  throw new UsageError(`case needs a verb: save, info, report, export, merge${verb === undefined ? '' : ` (not "${verb}")`}`);
}

function caseSave({ options, json }: CaseContext): void {
  const out = single(options.out, 'out');
  if (out === undefined) throw new UsageError('case save needs --out FILE.casefile');
  if (!out.toLowerCase().endsWith(CASEFILE_EXTENSION)) throw new UsageError(`--out must end in ${CASEFILE_EXTENSION}, got "${out}"`);
  const selection = selectionFromFlags(options);
  const cachePath = single(options.db, 'db') ?? defaultDatabasePath();
  readCacheForSave(cachePath, selection.traceIds);
  const result: SaveResult = saveCasefile(cachePath, resolve(out), selection, {
    title: single(options.title, 'title') ?? basename(out, CASEFILE_EXTENSION),
    author: single(options.author, 'author') ?? userInfo().username,
  });
  if (json) return printJson(result);
  process.stdout.write(
    `Saved ${result.file}\n  ${result.traces} traces, ${result.spans} spans, ${result.logs} logs, ${(result.bytes / 1024).toFixed(0)} KiB\n`,
  );
}

function caseInfo({ args, json }: CaseContext): void {
  const file = args[0];
  if (file === undefined) throw new UsageError('case info needs a file: casefile case info FILE.casefile');
  const db = openCasefileReadOnly(file);
  let info: CasefileInfo;
  try {
    info = casefileInfo(db, file);
  } finally {
    db.close();
  }
  if (json) return printJson(info);
  const when = (ms: number) => new Date(ms).toISOString();
  const lines = [
    `${info.file}: casefile format ${info.formatVersion}, ${(info.bytes / 1024).toFixed(0)} KiB`,
    `  title     ${info.title}`,
    `  author    ${info.author}`,
    `  created   ${when(info.createdAt)}`,
    `  updated   ${when(info.updatedAt)}`,
    `  evidence  ${info.evidence === 'all-in-window' ? 'everything in the investigated windows' : 'what the investigation looked at'}`,
    `  holds     ${info.counts.traces} traces, ${info.counts.spans} spans, ${info.counts.logs} logs`,
    `  journal   ${info.counts.steps} steps, ${info.counts.notes} notes, ${info.counts.pins} pins`,
    ...info.windows.map((w) => `  window    ${isoTime(w.startNs)} – ${isoTime(w.endNs)}`),
    ...info.sources.map((s) => `  source    ${s.name} (${s.kind}) ${s.url}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}


/** `case merge BASE OTHER --out MERGED.casefile`: two casefiles of one incident as one (evidence union, both journals). */
function caseMerge({ args, options, json }: CaseContext): void {
  const [base, other] = args;
  if (base === undefined || other === undefined) throw new UsageError('case merge needs two files: casefile case merge BASE.casefile OTHER.casefile --out MERGED.casefile');
  const out = single(options.out, 'out');
  if (out === undefined) throw new UsageError('case merge needs --out MERGED.casefile');
  if (!out.toLowerCase().endsWith(CASEFILE_EXTENSION)) throw new UsageError(`--out must end in ${CASEFILE_EXTENSION}, got "${out}"`);
  if ([base, other].some((file) => resolve(file) === resolve(out))) throw new UsageError('--out must be another file: the casefiles merged are never changed');
  const result = mergeCasefiles(base, other, resolve(out));
  if (json) return printJson(result);
  const a = result.added;
  process.stdout.write(
    `Merged ${other} into a copy of ${base}: ${result.file}\n  added ${a.spans} spans, ${a.logs} logs, ${a.steps} steps, ${a.notes} notes, ${a.pins} pins; ${(result.bytes / 1024).toFixed(0)} KiB\n`,
  );
}

function caseReport({ args, options, json }: CaseContext, writeReport: typeof WriteReport): void {
  const file = args[0];
  if (file === undefined) throw new UsageError('case report needs a file: casefile case report FILE --html OUT.html | --md OUT.md');
  const html = single(options.html, 'html');
  const md = single(options.md, 'md');
  if (html === undefined && md === undefined) throw new UsageError('case report needs --html OUT.html and/or --md OUT.md');
  const redact = single(options.redact, 'redact');
  const written = writeReport(file, { html, md }, redact === undefined ? null : readRules(redact));
  if (json) return printJson(written);
  for (const out of [written.html, written.md]) if (out !== null) process.stdout.write(`Wrote ${out}\n`);
}

function caseExport({ args, options, json }: CaseContext, exportRedacted: typeof ExportRedacted): void {
  const file = args[0];
  if (file === undefined) throw new UsageError('case export needs a file: casefile case export FILE --out COPY.casefile --redact RULES.json');
  const redact = single(options.redact, 'redact');
  if (redact === undefined) throw new UsageError('case export needs --redact RULES.json (the rules to apply)');
  const dryRun = options['dry-run'] === true;
  const out = single(options.out, 'out');
  if (out === undefined && !dryRun) throw new UsageError('case export needs --out COPY.casefile (or --dry-run to list what would be redacted)');
  if (out !== undefined && !out.toLowerCase().endsWith(CASEFILE_EXTENSION)) throw new UsageError(`--out must end in ${CASEFILE_EXTENSION}, got "${out}"`);
  if (out !== undefined && resolve(out) === resolve(file)) throw new UsageError('--out must be another file: the casefile itself is never changed');
  const report = exportRedacted(file, dryRun ? null : resolve(out!), readRules(redact), dryRun);
  if (json) return printJson({ dryRun, ...report });
  const lines = Object.entries(report.counts).map(([rule, n]) => `  ${String(n).padStart(7)}  ${rule}`);
  process.stdout.write(`${dryRun ? 'Would redact' : `Wrote ${report.file}, redacted`}:\n${lines.length > 0 ? lines.join('\n') : '  nothing matched'}\n`);
}
