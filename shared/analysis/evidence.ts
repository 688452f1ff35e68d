import type { LogRecord } from '../model.js';
import type { Candidate } from './candidates.js';
import type { SpanSet } from './span-set.js';
import { topCounts } from './stats.js';
import type { ExampleTrace, SuspectEvidence } from './types.js';

/**
 * The parts of a suspect's evidence every kind shares: example traces (worst first) with the spans to highlight,
 * the error messages and status codes of the blamed spans, and the log lines written in them.
 */
const STATUS_KEYS = ['http.response.status_code', 'http.status_code', 'rpc.grpc.status_code'];
const EXAMPLES = 3;
const LOG_LINES = 5;

export function examplesOf(set: SpanSet, candidate: Candidate): ExampleTrace[] {
  const seen = new Set<number>();
  const out: ExampleTrace[] = [];
  for (const hit of [...candidate.hits].sort((a, b) => b.weight - a.weight)) {
    const t = set.trace[hit.unit.top]!;
    if (seen.has(t)) continue;
    seen.add(t);
    out.push({ traceId: set.traces[t]!.id, spanIds: hit.spans.slice(0, 8).map((i) => set.spans[i]!.spanId) });
    if (out.length === EXAMPLES) break;
  }
  return out;
}

export function messagesOf(set: SpanSet, spans: readonly number[]): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  const codes = new Map<string, number>();
  // Ids and numbers vary per request; the first wording of each kind of message is kept, counted over all of them.
  const wording = new Map<string, string>();
  const add = (text: string, into = counts) => {
    const shape = text.replace(/[\w-]*\d[\w-]*/g, '#');
    if (!wording.has(shape)) wording.set(shape, text);
    const key = wording.get(shape)!;
    into.set(key, (into.get(key) ?? 0) + 1);
  };
  for (const i of spans) {
    const s = set.spans[i]!;
    if (s.statusMessage !== '') add(s.statusMessage);
    for (const e of s.events) {
      const m = e.attributes['exception.message'];
      if (e.name === 'exception' && typeof m === 'string' && m !== s.statusMessage) add(m);
    }
    for (const k of STATUS_KEYS) {
      const v = s.attributes[k];
      if (v !== undefined && v !== null && set.error[i] === 1) add(`${k} = ${String(v)}`, codes);
    }
  }
  // Words before numbers: the message says what broke, the status code only that something did.
  return [...topCounts(counts, 4), ...topCounts(codes, 2)].slice(0, 5);
}

/** Log lines written in the blamed spans (most severe first), then in their traces by the same service. */
export function logsOf(set: SpanSet, logs: readonly LogRecord[], spans: readonly number[]): SuspectEvidence['logs'] {
  if (logs.length === 0) return [];
  const spanIds = new Set(spans.map((i) => set.spans[i]!.spanId));
  const traceServices = new Set(spans.map((i) => `${set.spans[i]!.traceId}\u0000${set.spans[i]!.service}`));
  const inSpan: LogRecord[] = [];
  const inTrace: LogRecord[] = [];
  for (const l of logs) {
    if (l.spanId !== null && spanIds.has(l.spanId)) inSpan.push(l);
    else if (l.traceId !== null && traceServices.has(`${l.traceId}\u0000${l.service}`)) inTrace.push(l);
  }
  const severe = (a: LogRecord, b: LogRecord) => b.severityNumber - a.severityNumber || (a.timeNs < b.timeNs ? -1 : 1);
  const picked: LogRecord[] = [];
  const bodies = new Set<string>();
  // Distinct bodies first: ten copies of one line say less than two different lines.
  for (const l of [...inSpan.sort(severe), ...inTrace.sort(severe)]) {
    if (bodies.has(l.body)) continue;
    bodies.add(l.body);
    picked.push(l);
    if (picked.length === LOG_LINES) break;
  }
  return picked.map((l) => ({ timeNs: l.timeNs, body: l.body, traceId: l.traceId, spanId: l.spanId }));
}
