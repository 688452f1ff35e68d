import { useEffect, useState } from 'react';
import type { JournalContent } from '../../../shared/casefile-types.js';
import { stepLabel } from './step-label.js';
import { StepTimeline } from './StepTimeline.js';

interface ReplayControlsProps {
  journal: JournalContent;
  /** The index of the step shown, or null when not replaying. */
  index: number | null;
  onShow: (index: number | null) => void;
}

const SPEEDS = [0.5, 1, 2, 4];

/** Step forward/back, jump to any step or pin, play at a speed; each step restores the view it recorded. */
export function ReplayControls({ journal, index, onShow }: ReplayControlsProps) {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const count = journal.steps.length;
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      const next = (index ?? -1) + 1;
      if (next >= count) setPlaying(false);
      else onShow(next);
    }, 1500 / speed);
    return () => clearTimeout(timer);
  }, [playing, index, count, speed, onShow]);
  if (count === 0) return <p className="muted">No steps yet: every view you open is recorded here.</p>;
  return (
    <div className="replay" data-testid="replay">
      <div className="replay-buttons">
        <button type="button" className="button" data-testid="replay-back" disabled={index === null || index === 0} onClick={() => onShow(Math.max(0, (index ?? 0) - 1))}>
          ◀
        </button>
        <span data-testid="replay-position">{index === null ? `${count} steps` : `step ${index + 1} / ${count}`}</span>
        <button type="button" className="button" data-testid="replay-forward" disabled={index !== null && index >= count - 1} onClick={() => onShow(index === null ? 0 : index + 1)}>
          ▶
        </button>
        <button type="button" className="button" data-testid="replay-play" onClick={() => setPlaying(!playing)}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <select aria-label="Speed" value={speed} onChange={(event) => setSpeed(Number(event.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        {index !== null && (
          <button type="button" className="button-quiet" data-testid="replay-branch" onClick={() => onShow(null)} title="Keep investigating from this step: your steps are recorded as your own">
            Branch off here
          </button>
        )}
      </div>
      <StepTimeline journal={journal} index={index} onShow={onShow} />
      <ol className="step-list" data-testid="step-list">
        {journal.steps.map((step, i) => (
          <li key={step.id} className={i === index ? 'step-item step-current' : 'step-item'} data-testid="step-item" data-step={step.id}>
            <button type="button" className="link-button" onClick={() => onShow(i)}>
              {stepLabel(step)}
            </button>
            <span className="muted">
              {' '}
              {step.author}
              {step.parentId !== null ? ` (branch of step ${step.parentId})` : ''} · {new Date(step.at).toLocaleTimeString()}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
