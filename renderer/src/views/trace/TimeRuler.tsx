import { timeTicks } from './time-ticks.js';
import type { Zoom } from './WaterfallRowView.js';

/** Tick labels over the zoomed window, offsets from the trace's start. */
export function TimeRuler({ zoom }: { zoom: Zoom }) {
  const ticks = timeTicks(zoom.fromNs, zoom.toNs);
  return (
    <div className="wf-ruler" data-testid="time-ruler" aria-hidden="true">
      {ticks.map((tick) => (
        <span key={tick.ns} className="wf-tick" style={{ left: `${tick.at * 100}%` }}>
          <span className="wf-tick-label">{tick.label}</span>
        </span>
      ))}
    </div>
  );
}
