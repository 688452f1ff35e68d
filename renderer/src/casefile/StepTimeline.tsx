import type { JournalContent } from '../../../shared/casefile-types.js';
import { stepLabel } from './step-label.js';

const WIDTH = 300;
const HEIGHT = 46;

/**
 * The steps over wall time (top row) and over incident time (bottom row: the middle of each step's window), with
 * notes, pins and pulls marked. Drawn as SVG: a few hundred marks at most.
 */
export function StepTimeline({ journal, index, onShow }: { journal: JournalContent; index: number | null; onShow: (index: number) => void }) {
  const steps = journal.steps;
  if (steps.length === 0) return null;
  const first = steps[0]!.at;
  const last = Math.max(steps.at(-1)!.at, first + 1);
  const wallX = (at: number) => 6 + ((at - first) / (last - first)) * (WIDTH - 12);
  const mids = steps.map((s) => incidentMid(s.detail.window));
  const known = mids.filter((m): m is number => m !== null);
  const lo = Math.min(...known);
  const hi = Math.max(...known, lo + 1);
  const incidentX = (m: number) => 6 + ((m - lo) / (hi - lo)) * (WIDTH - 12);
  const stepOfNote = new Set(journal.notes.filter((n) => n.target.kind === 'step').map((n) => n.target.id));
  const pinned = new Set(journal.pins.map((p) => p.stepId));
  return (
    <svg className="step-timeline" data-testid="step-timeline" width={WIDTH} height={HEIGHT} role="img" aria-label="Steps over wall time and incident time">
      <line x1={6} x2={WIDTH - 6} y1={12} y2={12} className="timeline-axis" />
      <line x1={6} x2={WIDTH - 6} y1={34} y2={34} className="timeline-axis" />
      {steps.map((step, i) => {
        const mid = mids[i];
        const mark = step.kind === 'pull' ? 'timeline-pull' : pinned.has(step.id) ? 'timeline-pin' : stepOfNote.has(String(step.id)) ? 'timeline-note' : 'timeline-step';
        return (
          <g key={step.id} className={i === index ? `${mark} timeline-current` : mark} onClick={() => onShow(i)}>
            <title>{`${i + 1}. ${stepLabel(step)}`}</title>
            <circle cx={wallX(step.at)} cy={12} r={i === index ? 5 : 3.5} />
            {mid != null && <circle cx={incidentX(mid)} cy={34} r={i === index ? 5 : 3.5} />}
          </g>
        );
      })}
    </svg>
  );
}

function incidentMid(window: unknown): number | null {
  const w = window as { startNs?: string; endNs?: string } | null | undefined;
  if (!w?.startNs || !w.endNs) return null;
  // Milliseconds are exact enough for drawing a mark.
  return (Number(BigInt(w.startNs) / 1_000_000n) + Number(BigInt(w.endNs) / 1_000_000n)) / 2;
}
