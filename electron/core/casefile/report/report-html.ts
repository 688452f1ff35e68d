import { chartSvg } from './chart-svg.js';
import { escapeHtml as h } from './escape.js';
import { neighbourhoodSvg, waterfallSvg } from './evidence-svg.js';
import type { ReportModel } from './report-model.js';
import { stepLabelOf } from './step-text.js';
import { isoMs, isoNs } from './times.js';

/**
 * One self-contained HTML file: inline styles, inline SVG, no script, and a CSP that forbids every request, so it
 * opens from an email attachment with no network and cannot run anything. Every text from the casefile is escaped;
 * notes are shown as written (plain text with line breaks), never as HTML.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; max-width: 820px; margin: 24px auto; padding: 0 16px; color: #1d2026; }
h1 { font-size: 22px; } h2 { font-size: 17px; border-bottom: 1px solid #dde1e6; padding-bottom: 4px; margin-top: 28px; }
.muted { color: #6b7280; } .note { white-space: pre-wrap; border-left: 3px solid #5b9cf5; padding: 4px 10px; margin: 6px 0 12px; background: #f4f6fa; }
.conclusion dt { font-weight: 600; } .conclusion dd { margin: 0 0 8px; white-space: pre-wrap; }
ol.timeline li { margin: 2px 0; } .mark { font-weight: 600; }
.wf-label { font: 11px system-ui, sans-serif; fill: #1d2026; } .wf-bar { fill: #3d71c4; } .wf-error { fill: #c4314b; }
.gr-node { fill: #eef0f3; stroke: #8e949e; } .gr-culprit { fill: #fde8eb; stroke: #c4314b; stroke-width: 2; }
.gr-label { font: 12px system-ui, sans-serif; } .gr-small { font: 10px system-ui, sans-serif; fill: #6b7280; }
.gr-edge { stroke: #8e949e; stroke-width: 1.5; } .gr-edge-error { stroke: #c4314b; stroke-width: 2; }
figure { margin: 10px 0 18px; } figcaption { font-size: 12px; color: #6b7280; }
code { font-size: 12px; }`;

export function reportHtml(model: ReportModel): string {
  const { info, journal } = model;
  const c = journal.conclusion;
  const conclusion =
    c === null
      ? '<p class="muted">No conclusion written.</p>'
      : `<dl class="conclusion">${[['Summary', c.summary], ['Root cause', c.rootCause], ['Impact', c.impact], ['Follow-ups', c.followUps]]
          .map(([label, text]) => `<dt>${label}</dt><dd>${h(text ?? '')}</dd>`)
          .join('')}</dl>`;
  const marks = [
    ...(model.firstError ? [`<li class="mark">${isoNs(model.firstError.timeNs)} first error: ${h(model.firstError.service)} ${h(model.firstError.name)} (trace <code>${h(model.firstError.traceId)}</code>)</li>`] : []),
    ...model.versionChanges.map((v) => `<li class="mark">${isoNs(v.firstNs)} ${h(v.service)} at version ${h(v.version)}</li>`),
  ];
  const steps = journal.steps.map((s, i) => `<li>${isoMs(s.at)} <b>${h(s.author)}</b>: ${h(stepLabelOf(s))}${s.parentId !== null ? ` <span class="muted">(branch of step ${s.parentId})</span>` : ''}${i === 0 ? '' : ''}</li>`);
  const notes = journal.notes.map(
    (n) => `<div><span class="muted">${h(n.author)} on ${h(n.target.kind)}${n.target.id ? ` <code>${h(n.target.id)}</code>` : ''} · ${isoMs(n.updatedAt)}</span><div class="note" data-note>${h(n.body)}</div></div>`,
  );
  const pins = model.pins.map((p) => {
    const ids = `${p.traceId ? `trace <code>${h(p.traceId)}</code>` : ''}${p.pin.ref.spanId ? `, span <code>${h(p.pin.ref.spanId)}</code>` : ''}`;
    const figures = [
      p.spans.length > 0 ? `<figure>${waterfallSvg(p)}<figcaption>Waterfall excerpt: first ${p.spans.length} of ${p.totalSpans} spans by start time</figcaption></figure>` : '',
      p.edges.length > 0 ? `<figure>${neighbourhoodSvg(p)}<figcaption>Service graph around ${h(p.culprit ?? '')}</figcaption></figure>` : '',
      p.perMinute.length > 0 ? `<figure data-chart>${chartSvg(p)}<figcaption>Spans and errors per minute of ${h(p.culprit ?? '')}</figcaption></figure>` : '',
    ];
    return `<section data-pin><h3>Pin: ${h(p.pin.label)}</h3><p class="muted">${h(p.pin.kind)} ${ids} · pinned by ${h(p.pin.author)}</p>${figures.join('')}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${h(info.title)} — Casefile report</title>
<style>${STYLE}</style></head>
<body>
<h1>${h(info.title)}</h1>
<p class="muted">Casefile format ${h(info.formatVersion)} · by ${h(info.author)} · created ${isoMs(info.createdAt)} · updated ${isoMs(info.updatedAt)}<br>
Evidence: ${info.counts.traces} traces, ${info.counts.spans} spans, ${info.counts.logs} logs · ${info.counts.steps} steps, ${info.counts.notes} notes, ${info.counts.pins} pins</p>
<h2>Conclusion</h2>${conclusion}
${sloSection(model)}
<h2>Timeline</h2><ul>${marks.join('')}</ul><ol class="timeline">${steps.join('')}</ol>
<h2>Notes</h2>${notes.join('') || '<p class="muted">No notes.</p>'}
<h2>Pinned evidence</h2>${pins.join('') || '<p class="muted">Nothing pinned.</p>'}
</body></html>
`;
}

/** The SLOs at the time of the incident, as a table; nothing when the casefile carries none. */
function sloSection(model: ReportModel): string {
  if (model.slos.length === 0) return '';
  const rows = model.slos.map(
    (s) =>
      `<tr data-slo="${h(s.name)}"><td>${h(s.name)}</td><td>${h(s.flow)}</td><td>${h(s.objective)}</td><td>${s.compliance}</td><td>${s.budgetLeft}</td><td>${s.burn1h}</td><td>${h(s.alerts)}${s.caveats.length > 0 ? ` <span class="muted">(${h(s.caveats.join('; '))})</span>` : ''}</td></tr>`,
  );
  return `<h2>Service-level objectives at the time</h2><table data-slos><thead><tr><th>SLO</th><th>Flow</th><th>Objective</th><th>Compliance</th><th>Budget left</th><th>Burn 1 h</th><th>Alerts</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
