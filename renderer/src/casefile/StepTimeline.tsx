import { useQuery } from '@tanstack/react-query';
import type { IncidentMarks } from '../../../shared/api-types.js';
import type { JournalContent } from '../../../shared/casefile-types.js';
import { useApiClient } from '../api/ApiClientContext.js';
import { CACHE_SCOPE } from '../queries/keys.js';
import { stepLabel } from './step-label.js';

const WIDTH = 300;
const HEIGHT = 52;
const WALL_Y = 12;
const INCIDENT_Y = 36;

/**
 * The steps over wall time (top row) and over incident time (bottom row: the middle of each step's window), with
 * notes, pins and pulls marked, and on incident time the first error (red) and each service.version change (a
 * deploy or canary, amber). Drawn as SVG: a few hundred marks at most.
 */
export function StepTimeline({ journal, index, onShow }: { journal: JournalContent; index: number | null; onShow: (index: number) => void }) {
  const client = useApiClient();
  const steps = journal.steps;
  const windows = steps.map((s) => stepWindow(s.detail.window));
  const known = windows.filter((w): w is { startMs: number; endMs: number } => w !== null);
  const span = known.length === 0 ? null : { startMs: Math.min(...known.map((w) => w.startMs)), endMs: Math.max(...known.map((w) => w.endMs)) };
  const request = span === null ? {} : { startNs: msToNs(span.startMs), endNs: msToNs(span.endMs) };
  const marks = useQuery({ queryKey: [CACHE_SCOPE, 'incidentMarks', request], queryFn: () => client.incidentMarks(request), enabled: steps.length > 0 });
  if (steps.length === 0) return null;
  const first = steps[0]!.at;
  const last = Math.max(steps.at(-1)!.at, first + 1);
  const wallX = (at: number) => 6 + ((at - first) / (last - first)) * (WIDTH - 12);
  const markTimes = marksMs(marks.data);
  const lo = Math.min(...known.map((w) => w.startMs), ...markTimes);
  const hi = Math.max(...known.map((w) => w.endMs), ...markTimes, lo + 1);
  const incidentX = (ms: number) => 6 + ((ms - lo) / (hi - lo)) * (WIDTH - 12);
  const stepOfNote = new Set(journal.notes.filter((n) => n.target.kind === 'step').map((n) => n.target.id));
  const pinned = new Set(journal.pins.map((p) => p.stepId));
  return (
    <svg
      className="step-timeline"
      data-testid="step-timeline"
      data-first-error={marks.data?.firstError ? 'true' : 'false'}
      data-version-changes={marks.data?.versionChanges.map((v) => `${v.service} ${v.version}`).join(',') ?? ''}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label="Steps over wall time and incident time"
    >
      <line x1={6} x2={WIDTH - 6} y1={WALL_Y} y2={WALL_Y} className="timeline-axis" />
      <line x1={6} x2={WIDTH - 6} y1={INCIDENT_Y} y2={INCIDENT_Y} className="timeline-axis" />
      {marks.data?.versionChanges.map((v) => {
        const x = incidentX(Number(BigInt(v.firstNs) / 1_000_000n));
        return (
          <g key={`${v.service}:${v.version}`} className="timeline-version">
            <title>{`${v.service} ${v.version} first seen`}</title>
            <line x1={x} x2={x} y1={INCIDENT_Y - 9} y2={INCIDENT_Y + 9} />
          </g>
        );
      })}
      {marks.data?.firstError && (
        <g className="timeline-first-error">
          <title>{`first error: ${marks.data.firstError.service} ${marks.data.firstError.name}`}</title>
          <FirstErrorMark x={incidentX(Number(BigInt(marks.data.firstError.timeNs) / 1_000_000n))} />
        </g>
      )}
      {steps.map((step, i) => {
        const w = windows[i];
        const mark = step.kind === 'pull' ? 'timeline-pull' : pinned.has(step.id) ? 'timeline-pin' : stepOfNote.has(String(step.id)) ? 'timeline-note' : 'timeline-step';
        return (
          <g key={step.id} className={i === index ? `${mark} timeline-current` : mark} onClick={() => onShow(i)}>
            <title>{`${i + 1}. ${stepLabel(step)}`}</title>
            <circle cx={wallX(step.at)} cy={WALL_Y} r={i === index ? 5 : 3.5} />
            {w != null && <circle cx={incidentX((w.startMs + w.endMs) / 2)} cy={INCIDENT_Y} r={i === index ? 5 : 3.5} />}
          </g>
        );
      })}
    </svg>
  );
}

/** A small downward triangle just above the incident row. */
function FirstErrorMark({ x }: { x: number }) {
  const top = INCIDENT_Y - 14;
  return <path d={`M ${x - 5} ${top} L ${x + 5} ${top} L ${x} ${top + 8} Z`} />;
}

function marksMs(marks: IncidentMarks | undefined): number[] {
  if (marks === undefined) return [];
  const times = marks.versionChanges.map((v) => Number(BigInt(v.firstNs) / 1_000_000n));
  if (marks.firstError) times.push(Number(BigInt(marks.firstError.timeNs) / 1_000_000n));
  return times;
}

function stepWindow(window: unknown): { startMs: number; endMs: number } | null {
  const w = window as { startNs?: string; endNs?: string } | null | undefined;
  if (!w?.startNs || !w.endNs) return null;
  // Milliseconds are exact enough for drawing a mark.
  return { startMs: Number(BigInt(w.startNs) / 1_000_000n), endMs: Number(BigInt(w.endNs) / 1_000_000n) };
}

function msToNs(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}
