/** Chart colours come from the theme's CSS variables, so charts follow dark and light like the rest of the page. */
export interface ChartColors {
  text: string;
  muted: string;
  border: string;
  panel: string;
  accent: string;
  error: string;
  warn: string;
  info: string;
  debug: string;
  ok: string;
  highlight: string;
  /** Heatmap ramp, fewest to most: one hue getting stronger, so no middle value reads as a different kind. */
  heat: string[];
  /** p50, p95, p99: three hues far apart on both themes (p95 orange and p99 red looked alike on light, p99 vanished on dark). */
  percentiles: { p50: string; p95: string; p99: string };
}

/** Light on dark means more; dark on light means more. */
const HEAT = {
  dark: ['#1e3554', '#2c5d9c', '#4f8fe6', '#9cc6ff', '#e8f2ff'],
  light: ['#dce9fb', '#9fc2f0', '#5b92dc', '#2a62b8', '#0d2f66'],
};

const PERCENTILES = {
  dark: { p50: '#5b9cf5', p95: '#ffb547', p99: '#f472f6' },
  light: { p50: '#1f62c9', p95: '#b86e00', p99: '#8e24aa' },
};

const VARIABLES: Record<Exclude<keyof ChartColors, 'heat' | 'percentiles'>, string> = {
  text: '--text',
  muted: '--text-muted',
  border: '--border',
  panel: '--bg-panel',
  accent: '--accent',
  error: '--error',
  warn: '--warn',
  info: '--info',
  debug: '--debug',
  ok: '--ok',
  highlight: '--highlight',
};

export function readChartColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const entries = Object.entries(VARIABLES).map(([key, variable]) => [key, style.getPropertyValue(variable).trim() || '#888']);
  const theme = element.getAttribute('data-theme') === 'light' ? 'light' : 'dark';
  return { ...(Object.fromEntries(entries) as Omit<ChartColors, 'heat' | 'percentiles'>), heat: HEAT[theme], percentiles: PERCENTILES[theme] };
}
