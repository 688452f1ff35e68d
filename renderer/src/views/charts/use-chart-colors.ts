import { useMemo } from 'react';
import { usePageTheme } from '../graph/use-page-theme.js';
import { readChartColors, type ChartColors } from './chart-colors.js';

/** The theme's chart colours, re-read when the page switches theme. */
export function useChartColors(): ChartColors {
  const theme = usePageTheme();
  // The theme is the dependency: the variables' values change when html[data-theme] does.
  return useMemo(() => readChartColors(document.documentElement), [theme]);
}
