/**
 * Where the duration label goes: right of the bar while there is room, else left of it, else (a bar filling the
 * track from near its start) inside the bar's right end. Never over the label column: that printed
 * "ApplyDiscou233 ms".
 */
export function durationPlacement(leftPct: number, widthPct: number): 'right' | 'left' | 'inside' {
  if (leftPct + widthPct <= 75) return 'right';
  return leftPct >= 18 ? 'left' : 'inside';
}
