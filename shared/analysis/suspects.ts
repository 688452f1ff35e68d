import type { LogRecord } from '../model.js';
import type { Candidate } from './candidates.js';
import { examplesOf, logsOf, messagesOf } from './evidence.js';
import { CONSUMER, splitKey, spanKey, type SpanSet } from './span-set.js';
import { distribution, formatMs, percent, proportionZ, quantile, sortedOf } from './stats.js';
import { trafficRise } from './traffic-rise.js';
import type { Suspect, SuspectEvidence } from './types.js';
import { kindIndex } from '../trace/span-tree.js';
import { versionSplit } from './version-split.js';

/**
 * Turns blamed candidates into ranked suspects: the share of the symptom's bad requests each explains beyond what
 * the reference predicts, a plain statement, and evidence. A candidate whose spans run in a consumer's own trace
 * becomes an async suspect; one that a new deployment or a caller's surge explains gains a version-change or
 * traffic-change suspect ranked just above it (the cause above its mechanism).
 */
export interface Ranked extends Omit<Suspect, 'rank'> {
  change: boolean;
  /** Blamed spans, for the blast radius. */
  blamed: number[];
  /** Derived suspects (version, traffic) sort before the candidate they came from at equal score. */
  order: number;
}

export interface SuspectContext {
  set: SpanSet;
  logs: readonly LogRecord[];
  totalBad: number;
  serverSpans: (service: string) => number[];
  from: number;
  to: number;
}

const MIN_CHANGE_EXCESS = 3;
const MIN_STEADY = 5;

export function rankCandidates(ctx: SuspectContext, candidates: Iterable<Candidate>): Ranked[] {
  const out: Ranked[] = [];
  for (const c of candidates) {
    const excess = c.change ? c.explained - c.expected : c.explained;
    const segmentBad = c.segments.reduce((n, s) => n + s.incident.filter(s.isBad).length, 0);
    if (c.change ? excess < MIN_CHANGE_EXCESS : excess < MIN_STEADY || excess < 0.4 * segmentBad || !bimodal(c)) continue;
    const score = Math.min(1, excess / Math.max(1, ctx.totalBad));
    if (c.change && c.kind === 'error-origin' && !errorRateRose(ctx.set, c)) continue;
    if (score < 0.05) continue;
    out.push(...describe(ctx, c, score, Math.round(excess)));
  }
  const merged = new Map<string, Ranked>();
  for (const r of out) {
    const id = `${r.kind}\u0001${r.service}\u0001${r.operation}`;
    const prior = merged.get(id);
    if (!prior || r.score > prior.score) merged.set(id, r);
  }
  return [...merged.values()].sort((a, b) => Number(b.change) - Number(a.change) || b.score - a.score || a.order - b.order);
}

/**
 * A failure that changed must fail more often itself: an operation failing at its usual rate that happens to sit in
 * the same failed requests as the real origin (its caller coped, the request failed for another reason) did not.
 */
function errorRateRose(set: SpanSet, c: Candidate): boolean {
  const onset = Math.min(...c.segments.filter((s) => s.mode === 'change').map((s) => s.onset));
  let before = 0;
  let beforeErr = 0;
  let after = 0;
  let afterErr = 0;
  for (let i = 0; i < set.spans.length; i++) {
    if (spanKey(set.spans[i]!) !== c.key) continue;
    if (set.start[i]! < onset) {
      before++;
      beforeErr += set.error[i]!;
    } else {
      after++;
      afterErr += set.error[i]!;
    }
  }
  return before === 0 || proportionZ(beforeErr, before, afterErr, after) >= 3;
}

/**
 * A steady latency suspect must stand apart, not just sit in the tail: its time in the slow requests at least three
 * times, and 20 ms more than, its time in the fast ones. Jitter and rare pauses spread over everything do not.
 */
function bimodal(c: Candidate): boolean {
  if (c.kind !== 'latency' || c.badMs.length === 0) return c.kind !== 'latency';
  const bad = quantile(sortedOf(c.badMs), 0.5);
  const ref = c.refMs.length > 0 ? quantile(sortedOf(c.refMs), 0.5) : 0;
  return bad >= 3 * ref && bad - ref >= 20;
}

function describe(ctx: SuspectContext, c: Candidate, score: number, explained: number): Ranked[] {
  const { set } = ctx;
  const { service, operation } = splitKey(c.key);
  const blamed = c.hits.flatMap((h) => h.spans);
  const changed = c.segments.filter((s) => s.mode === 'change');
  const onsets = (changed.length > 0 ? changed : c.segments).map((s) => s.onset).sort((a, b) => a - b);
  const onset = onsets[Math.floor(onsets.length / 2)]!;
  const evidence: SuspectEvidence = {
    badTraces: ctx.totalBad,
    explainedTraces: explained,
    examples: examplesOf(set, c),
    messages: messagesOf(set, blamed.slice(0, 2000)),
    logs: logsOf(set, ctx.logs, c.hits.slice(0, 200).flatMap((h) => h.spans)),
    figures: { onsetNs: nsAt(set, onset), steady: c.change ? 'no' : 'yes' },
  };
  const since = c.change ? ` since ${clock(set, onset)}` : ' throughout the window';
  const base: Ranked = { service, operation, kind: c.kind, score, statement: '', evidence, change: c.change, blamed, order: 1 };
  if (c.kind === 'latency') {
    const reference = c.change ? 'before' : 'in fast requests';
    evidence.distributions = { 'suspect in bad requests': distribution(c.badMs) };
    if (c.refMs.length > 0) evidence.distributions[`suspect ${reference}`] = distribution(c.refMs);
    const usual = c.refMs.length > 0 ? `vs ${ms(evidence.distributions[`suspect ${reference}`]!.p95Ns)} ${reference}` : `and did not run ${reference}`;
    base.statement = `${service} ${operation} spends p95 ${ms(evidence.distributions['suspect in bad requests']!.p95Ns)} of its own time on the critical path of slow requests${since} ${usual}: ${percent(score)} of slow requests`;
  } else {
    const top = evidence.messages?.[0]?.text;
    base.statement = `${service} ${operation} fails on its own in ${explained} failed requests${since} (${percent(score)} of bad requests)${top ? `: "${truncate(top)}"` : ''}`;
  }
  const derived: Ranked[] = [];
  // A deployment that arrived in the window is a change even where the symptom's rise was too small to detect.
  const split = versionSplit(set, ctx.serverSpans(service), c.kind === 'latency' ? 'latency' : 'errors');
  {
    if (split) {
      const op = mostCommon(split.spans.map((i) => set.spans[i]!.name)) ?? operation;
      const measure =
        split.metric === 'latency'
          ? `p95 ${ms(split.inValue.p95Ns)} vs ${split.others.slice(0, 2).join(', ')}: ${ms(split.inOthers.p95Ns)}`
          : `${percent(split.errorRate.value)} failing vs ${split.others.slice(0, 2).join(', ')}: ${percent(split.errorRate.others)}`;
      derived.push({
        ...base,
        operation: op,
        kind: 'version-change',
        order: 0,
        change: true,
        statement: `${service} ${split.value}: ${measure}, ${percent(split.share)} of ${service} requests since ${clock(set, set.start[split.spans[0]!]!)} (${split.attribute})`,
        evidence: {
          ...evidence,
          distributions: { ...evidence.distributions, [split.value]: split.inValue, [split.others.slice(0, 3).join(', ')]: split.inOthers },
          attributes: [{ key: split.attribute, value: split.value, inSuspect: split.inValue.count, elsewhere: split.inOthers.count }],
          figures: { ...evidence.figures, share: split.share, errorRateValue: split.errorRate.value, errorRateOthers: split.errorRate.others },
        },
      });
    }
    const rise = c.change && c.kind === 'latency' && !split ? trafficRise(set, ctx.serverSpans(service), onset, ctx.from, ctx.to) : null;
    if (rise) {
      const caller = splitKey(rise.callerKey);
      derived.push({
        ...base,
        service: caller.service,
        operation: caller.operation,
        kind: 'traffic-change',
        order: 0,
        statement: `${caller.service} ${caller.operation} calls ${service} ${rate(rise.afterPerMin)}/min since ${clock(set, onset)}, up from ${rate(rise.beforePerMin)}/min; ${service} slowed with it`,
        evidence: {
          ...evidence,
          figures: { ...evidence.figures, target: service, callerBeforePerMin: rise.beforePerMin, callerAfterPerMin: rise.afterPerMin, targetBeforePerMin: rise.totalBeforePerMin, targetAfterPerMin: rise.totalAfterPerMin },
        },
      });
    }
  }
  const producer = asyncProducer(set, c);
  if (producer !== null) {
    base.kind = 'async';
    base.statement = `${service} consumer ${operation} ${c.kind === 'latency' ? 'is slow on' : 'fails on'} messages from ${producer}${since}: ${explained} ${c.kind === 'latency' ? 'slow' : 'failed'} (${percent(score)})${evidence.messages?.[0] ? `: "${truncate(evidence.messages[0].text)}"` : ''}`;
    evidence.figures = { ...evidence.figures, producer };
  }
  return [...derived, base];
}

/** When most blamed spans run in a consumer's own trace, for the consumer's service: who produced the messages. */
function asyncProducer(set: SpanSet, c: Candidate): string | null {
  let inConsumer = 0;
  let producer: string | null = null;
  for (const hit of c.hits) {
    const root = set.traces[set.trace[hit.unit.top]!]!.root;
    if (root === -1 || kindIndex(set.spans[root]!.kind) !== CONSUMER) continue;
    if (set.spans[root]!.service !== splitKey(c.key).service) continue;
    inConsumer++;
    const link = set.spans[root]!.links[0];
    const p = link ? set.byId.get(link.spanId) : undefined;
    if (p !== undefined) producer ??= spanKey(set.spans[p]!).replace('\u0000', ' ');
  }
  if (inConsumer * 2 <= c.hits.length) return null;
  return producer ?? 'a producer outside the window';
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function ms(ns: number): string {
  return formatMs(ns / 1e6);
}

function rate(perMin: number): string {
  return perMin >= 10 ? String(Math.round(perMin)) : perMin.toFixed(1);
}

function truncate(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export function nsAt(set: SpanSet, at: number): string {
  return BigInt(Math.round(set.baseNs + at * 1e6)).toString();
}

function clock(set: SpanSet, at: number): string {
  return new Date((set.baseNs + at * 1e6) / 1e6).toISOString().slice(11, 19) + ' UTC';
}
