/** Ruler ticks for a time window: a 1-2-5 step giving about `target` ticks, labelled in the step's unit. */
export interface Tick {
  ns: number;
  /** 0..1 across the window. */
  at: number;
  label: string;
}

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

export function timeTicks(fromNs: number, toNs: number, target = 6): Tick[] {
  const span = toNs - fromNs;
  if (!(span > 0)) return [{ ns: fromNs, at: 0, label: formatOffset(fromNs, 1) }];
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: Tick[] = [];
  for (let ns = Math.ceil(fromNs / step) * step; ns <= toNs + step * 1e-9; ns += step) {
    ticks.push({ ns, at: (ns - fromNs) / span, label: formatOffset(ns, step, toNs) });
  }
  return ticks;
}

/**
 * An offset from the trace start, e.g. "1.5ms", "250µs": the unit fits `basis` (the window's end, so one ruler uses
 * one unit) and the decimals resolve `step`.
 */
export function formatOffset(ns: number, step: number, basis = ns): string {
  const [unit, name] = UNITS.find(([u]) => Math.abs(basis) >= u) ?? [1, 'ns'];
  const value = ns / unit;
  const decimals = step / unit >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step / unit)));
  return `${Number(value.toFixed(decimals))}${name}`;
}
