import { open } from 'node:fs/promises';

/** How much of a file's end is searched: a trace's processes are a few KB per service. */
const TAIL_BYTES = 4 * 1024 * 1024;
/** Candidate `"processes"` members looked at, from the end. */
const MAX_TRIES = 8;

/**
 * The `processes` object at the end of a Jaeger trace file, if the file ends with one, read before the file is
 * streamed. Jaeger writes a trace's processes after its spans, so without them every span waits (as text, spilled
 * to disk past 4 MiB) until the whole trace has been read: a 1M-span trace showed nothing for its first 5 s and
 * parsed in 13 s instead of 7. With them, spans are read as they stream; the processes the trace really has are
 * compared with these when they come, and a mismatch makes the import start again without them
 * (SpeculationFailed), so a wrong guess costs time, never data. Null when the end holds no such object.
 */
export async function tailProcesses(path: string): Promise<ProcessesHint | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return tailHint(buffer.toString('utf8'));
  } finally {
    await file.close();
  }
}

/**
 * Processes guessed from a file's end, with the trace they belong to when its last spans (just before them) say it.
 * In a file of several traces the end holds the last trace's processes: only a trace of that id may take them.
 */
export interface ProcessesHint {
  processes: Record<string, unknown>;
  /** Lower case; null when the tail names no trace (the guess then goes to the first trace opened, as it did). */
  traceId: string | null;
}

/** The last processes in `text` (processesIn), and the trace id of the last span before them. */
export function tailHint(text: string): ProcessesHint | null {
  const found = findProcesses(text);
  if (found === null) return null;
  // The last span before them: a few KB back (64 KiB is ample, and bounds the scan).
  const ids = [...text.slice(Math.max(0, found.at - 64 * 1024), found.at).matchAll(/"traceID"\s*:\s*"([0-9a-fA-F]{1,32})"/g)];
  return { processes: found.processes, traceId: ids.length === 0 ? null : ids[ids.length - 1]![1]!.toLowerCase() };
}

/** The last `"processes": {…}` member in `text` whose object parses and maps ids to processes with a service. */
export function processesIn(text: string): Record<string, unknown> | null {
  return findProcesses(text)?.processes ?? null;
}

/** processesIn, with where the member's name starts. */
function findProcesses(text: string): { processes: Record<string, unknown>; at: number } | null {
  // lastIndexOf with a negative start searches from 0 again: the loop ends after looking at position 0. A few tries
  // at most: each may scan to the end of the text, and a hostile file could repeat the word a million times.
  let tries = 0;
  for (let at = text.lastIndexOf('"processes"'); at >= 0 && tries < MAX_TRIES; at = at === 0 ? -1 : text.lastIndexOf('"processes"', at - 1)) {
    tries++;
    const open = objectAfterColon(text, at + '"processes"'.length);
    if (open < 0) continue;
    const close = matchingBrace(text, open);
    if (close < 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(open, close + 1));
    } catch {
      continue;
    }
    if (looksLikeProcesses(value)) return { processes: value, at };
  }
  return null;
}

function objectAfterColon(text: string, from: number): number {
  let i = skipSpace(text, from);
  if (text[i] !== ':') return -1;
  i = skipSpace(text, i + 1);
  return text[i] === '{' ? i : -1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Index of the `}` closing the object opened at `open`, skipping strings; -1 if the text ends first. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? i : -1;
    }
  }
  return -1;
}

function looksLikeProcesses(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((p) => typeof p === 'object' && p !== null && typeof (p as { serviceName?: unknown }).serviceName === 'string');
}

/** The processes read from the file's end were not the trace's: the import starts again without them. */
export class SpeculationFailed extends Error {
  constructor(path: string) {
    super(`${path === '' ? 'the trace' : path}: its processes are not the ones at the end of the file`);
    this.name = 'SpeculationFailed';
  }
}
