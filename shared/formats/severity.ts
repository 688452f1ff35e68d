/**
 * Severity words as log backends store them ("warn", "Warning", "ERR", "critical") → OTLP severity numbers
 * (1 TRACE, 5 DEBUG, 9 INFO, 13 WARN, 17 ERROR, 21 FATAL; 0 unknown), so logs pulled from Loki or Elasticsearch sort
 * and filter by severity like imported OTLP logs.
 */
const WORDS: Record<string, number> = {
  trace: 1,
  trc: 1,
  debug: 5,
  dbg: 5,
  info: 9,
  information: 9,
  informational: 9,
  inf: 9,
  notice: 10,
  warn: 13,
  warning: 13,
  wrn: 13,
  error: 17,
  err: 17,
  eror: 17,
  fatal: 21,
  critical: 21,
  crit: 21,
  panic: 21,
  dpanic: 21,
  alert: 22,
  emerg: 23,
  emergency: 23,
};

/** 0 when the text is not a known severity word. */
export function severityNumberOf(text: string): number {
  return WORDS[text.trim().toLowerCase()] ?? 0;
}

/** `level=error`, `"level":"warn"`, `severity: INFO` … anywhere in a line (logfmt, JSON, key: value). */
const KEYED = /\b(?:level|lvl|severity|loglevel|log\.level|detected_level)["']?\s*[=:]\s*["']?([A-Za-z]{3,13})\b/i;
/** An upper-case severity word standing alone near the start of a line ("2024-01-01 ERROR db down", "[WARN] …"). */
const BARE = /(?:^|[\s[(|])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|PANIC)(?=$|[\s\]):|])/;

/** The severity word a log line states, or null. Only the first 512 characters are read: levels come first. */
export function severityInLine(line: string): string | null {
  const head = line.length > 512 ? line.slice(0, 512) : line;
  const keyed = KEYED.exec(head)?.[1];
  if (keyed !== undefined && severityNumberOf(keyed) > 0) return keyed;
  return BARE.exec(head)?.[1] ?? null;
}
