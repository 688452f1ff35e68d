import { stepLabelOf } from './step-text.js';
import type { ReportModel } from './report-model.js';
import { escapeMarkdown as md } from './escape.js';
import { isoNs, isoMs } from './times.js';

/** The report as Markdown: conclusion, timeline, notes, pins (with trace and span ids). Everything is escaped. */
export function reportMarkdown(model: ReportModel): string {
  const { info, journal } = model;
  const out: string[] = [`# ${md(info.title)}`, '', `Casefile ${md(info.file)} · format ${info.formatVersion} · by ${md(info.author)} · created ${isoMs(info.createdAt)} · updated ${isoMs(info.updatedAt)}`, ''];
  out.push(`Evidence: ${info.counts.traces} traces, ${info.counts.spans} spans, ${info.counts.logs} logs; ${info.counts.steps} steps, ${info.counts.notes} notes, ${info.counts.pins} pins.`, '');
  const c = journal.conclusion;
  out.push('## Conclusion', '');
  if (c === null) out.push('_No conclusion written._', '');
  else for (const [label, text] of [['Summary', c.summary], ['Root cause', c.rootCause], ['Impact', c.impact], ['Follow-ups', c.followUps]] as const) out.push(`**${label}:** ${md(text)}`, '');
  if (model.slos.length > 0) {
    out.push('## Service-level objectives at the time', '', '| SLO | flow | objective | compliance | budget left | burn 1 h | alerts |', '|---|---|---|---|---|---|---|');
    for (const s of model.slos) out.push(`| ${md(s.name)} | ${md(s.flow)} | ${md(s.objective)} | ${s.compliance} | ${s.budgetLeft} | ${s.burn1h} | ${md(s.alerts)}${s.caveats.length > 0 ? ` (${md(s.caveats.join('; '))})` : ''} |`);
    out.push('');
  }
  out.push('## Timeline', '');
  if (model.firstError) out.push(`- ${isoNs(model.firstError.timeNs)} first error: ${md(model.firstError.service)} ${md(model.firstError.name)} (trace ${model.firstError.traceId})`);
  for (const v of model.versionChanges) out.push(`- ${isoNs(v.firstNs)} ${md(v.service)} at version ${md(v.version)}`);
  for (const [i, step] of journal.steps.entries()) out.push(`${i + 1}. ${isoMs(step.at)} ${md(step.author)}: ${md(stepLabelOf(step))}`);
  out.push('', '## Notes', '');
  for (const note of journal.notes) {
    out.push(`- **${md(note.author)}** on ${note.target.kind}${note.target.id ? ` ${md(note.target.id)}` : ''} (${isoMs(note.updatedAt)}):`, '', ...note.body.split('\n').map((l) => `  > ${md(l)}`), '');
  }
  out.push('## Pinned evidence', '');
  for (const p of model.pins) {
    out.push(`### ${md(p.pin.label)}`, '', `${p.pin.kind}${p.traceId ? `, trace ${p.traceId}` : ''}${p.pin.ref.spanId ? `, span ${p.pin.ref.spanId}` : ''}${p.culprit ? `, culprit ${md(p.culprit)}` : ''}`, '');
    if (p.spans.length > 0) {
      out.push(`| span | service | name | duration | status |`, `|---|---|---|---|---|`);
      for (const s of p.spans) out.push(`| ${s.spanId} | ${md(s.service)} | ${md(s.name)} | ${(Number(s.endNs - s.startNs) / 1e6).toFixed(2)} ms | ${s.error ? 'ERROR' : ''} |`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}
