import { PALETTES, type ColorMode } from './color-scale.js';
import type { PageTheme } from './use-page-theme.js';

const SCALE_TEXT: Record<ColorMode, [string, string, string]> = {
  errors: ['0 %', '1 %', '≥ 5 % errors'],
  latency: ['≤ 10 ms', '100 ms', '≥ 1 s p95'],
};

/** Shapes, line styles and the colour scale in use. */
export function GraphLegend({
  mode,
  theme,
  dependencies = false,
  fleet = null,
}: {
  mode: ColorMode;
  theme: PageTheme;
  /** Some edge is known only from pulled dependencies. */
  dependencies?: boolean;
  /** The source of the fleet answer colouring services that have no cached spans, when one does. */
  fleet?: string | null;
}) {
  const palette = PALETTES[theme];
  const [low, mid, high] = SCALE_TEXT[mode];
  return (
    <div className="graph-legend" data-testid="graph-legend">
      <span className="legend-item">
        <span className="legend-shape legend-service" /> service
      </span>
      <span className="legend-item">
        <span className="legend-shape legend-database" /> database
      </span>
      <span className="legend-item">
        <span className="legend-shape legend-messaging" /> queue
      </span>
      <span className="legend-item">
        <span className="legend-shape legend-external" /> external
      </span>
      <span className="legend-item">
        <span className="legend-line" /> sync
      </span>
      <span className="legend-item">
        <span className="legend-line legend-line-async" /> async
      </span>
      {dependencies && (
        <span className="legend-item" data-testid="legend-dependencies">
          <span className="legend-line legend-line-dependencies" /> only in pulled dependencies
        </span>
      )}
      {fleet !== null && (
        <span className="legend-item" data-testid="legend-fleet">
          <span className="legend-shape legend-service legend-fleet" /> figures from {fleet} aggregates
        </span>
      )}
      <span className="legend-item legend-scale">
        {low}
        <span className="legend-gradient" style={{ background: `linear-gradient(90deg, ${palette.ok}, ${palette.warn}, ${palette.bad})` }} />
        {mid} … {high}
      </span>
    </div>
  );
}
