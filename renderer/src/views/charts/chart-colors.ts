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
}

const VARIABLES: Record<keyof ChartColors, string> = {
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
  return Object.fromEntries(entries) as unknown as ChartColors;
}
