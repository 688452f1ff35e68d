import type { PinnedEvidence } from './report-model.js';
import { escapeHtml } from './escape.js';

const ROW = 16;
const LABEL = 260;
const WIDTH = 760;

/** A waterfall excerpt: the trace's first spans by start time, indented by depth, error spans in red. */
export function waterfallSvg(evidence: PinnedEvidence): string {
  const spans = evidence.spans;
  if (spans.length === 0) return '';
  const start = spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), spans[0]!.startNs);
  const end = spans.reduce((m, s) => (s.endNs > m ? s.endNs : m), spans[0]!.endNs);
  const span = Number(end - start) || 1;
  const depth = new Map<string, number>();
  const x = (ns: bigint) => LABEL + (Number(ns - start) / span) * (WIDTH - LABEL - 10);
  const rows = spans.map((s, i) => {
    const d = s.parentId === null ? 0 : (depth.get(s.parentId) ?? 0) + 1;
    depth.set(s.spanId, d);
    const y = i * ROW + 4;
    const width = Math.max(1, x(s.endNs) - x(s.startNs));
    const label = `${s.service}: ${s.name}`.slice(0, 40);
    return (
      `<text x="${4 + Math.min(d, 12) * 8}" y="${y + 11}" class="wf-label">${escapeHtml(label)}</text>` +
      `<rect x="${x(s.startNs).toFixed(1)}" y="${y + 2}" width="${width.toFixed(1)}" height="${ROW - 5}" class="${s.error ? 'wf-error' : 'wf-bar'}"><title>${escapeHtml(`${label} (${s.spanId})`)}</title></rect>`
    );
  });
  const height = spans.length * ROW + 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Waterfall excerpt">${rows.join('')}</svg>`;
}

/** The culprit's neighbourhood: its callers on the left, callees on the right, edges labelled with calls/errors. */
export function neighbourhoodSvg(evidence: PinnedEvidence): string {
  const culprit = evidence.culprit;
  if (culprit === null || evidence.edges.length === 0) return '';
  const callers = evidence.edges.filter((e) => e.to === culprit);
  const callees = evidence.edges.filter((e) => e.from === culprit);
  const rows = Math.max(callers.length, callees.length, 1);
  const height = rows * 44 + 20;
  const cy = height / 2;
  const node = (cx: number, y: number, name: string, cls: string) =>
    `<rect x="${cx - 80}" y="${y - 14}" width="160" height="28" rx="6" class="${cls}"/><text x="${cx}" y="${y + 5}" text-anchor="middle" class="gr-label">${escapeHtml(name.slice(0, 22))}</text>`;
  const parts: string[] = [];
  const side = (edges: typeof callers, cx: number, left: boolean) =>
    edges.forEach((e, i) => {
      const y = 24 + i * 44;
      const other = left ? e.from : e.to;
      const x1 = left ? cx + 80 : 380 + 80;
      const x2 = left ? 380 - 80 : cx - 80;
      const y1 = left ? y : cy;
      const y2 = left ? cy : y;
      parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="${e.errors > 0 ? 'gr-edge-error' : 'gr-edge'}"/>`);
      parts.push(`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" class="gr-small">${e.calls} calls${e.errors > 0 ? `, ${e.errors} errors` : ''}</text>`);
      parts.push(node(cx, y, other, 'gr-node'));
    });
  side(callers, 100, true);
  side(callees, 660, false);
  parts.push(node(380, cy, culprit, 'gr-culprit'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" viewBox="0 0 760 ${height}" role="img" aria-label="Graph neighbourhood of ${escapeHtml(culprit)}">${parts.join('')}</svg>`;
}
