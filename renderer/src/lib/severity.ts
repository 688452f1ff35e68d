/** Log severity bands, by the OpenTelemetry severity number ranges (1–4 TRACE … 21–24 FATAL). */
export type SeverityLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unset';

const LEVELS_BY_BAND: SeverityLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

const LEVELS_BY_TEXT: Record<string, SeverityLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  critical: 'fatal',
  crit: 'fatal',
  fatal: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
};

/**
 * The level to colour a log by. The number wins when set; many producers only fill the text (or fill the number
 * with 0), so the text is the fallback.
 */
export function severityLevel(severityNumber: number, severityText: string): SeverityLevel {
  if (severityNumber >= 1 && severityNumber <= 24) return LEVELS_BY_BAND[Math.floor((severityNumber - 1) / 4)]!;
  return LEVELS_BY_TEXT[severityText.trim().toLowerCase()] ?? 'unset';
}

export function isErrorLevel(level: SeverityLevel): boolean {
  return level === 'error' || level === 'fatal';
}
