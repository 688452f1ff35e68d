import type { AnalysisResult, Symptom } from '../../shared/analysis/types.js';
import { UsageError, type CommandContext } from './commands.js';
import { isoTime, printJson } from './output.js';

/**
 * `casefile analyze [--from T --to T] [--symptom SERVICE[:OPERATION] | --symptom FROM->TO | --errors | --latency]
 * [--baseline-from T --baseline-to T] [--json]`: the ranked suspects of the window (everything cached by default),
 * with their evidence, the blast radius and the detectors' findings. `--json` prints the analysis result as is.
 */
export async function analyzeCommand({ core, options, json }: CommandContext): Promise<void> {
  const from = time(options.from, 'from');
  const to = time(options.to, 'to');
  const baselineFrom = time(options['baseline-from'], 'baseline-from');
  const baselineTo = time(options['baseline-to'], 'baseline-to');
  if ((baselineFrom === undefined) !== (baselineTo === undefined)) throw new UsageError('--baseline-from and --baseline-to go together');
  const response = await core.handlers.analyze({
    startNs: from,
    endNs: to,
    symptom: symptomOf(options),
    baselineStartNs: baselineFrom,
    baselineEndNs: baselineTo,
    wait: true,
  });
  if (response.state === 'failed' || response.result === null) throw new Error(`the analysis failed: ${response.error ?? 'no result'}`);
  if (json) return printJson(response.result);
  printHuman(response.result, response.tracesRead, response.traces, response.elapsedMs);
}

function symptomOf(options: CommandContext['options']): Symptom {
  const given = [options.symptom !== undefined, options.errors === true, options.latency === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('give one of --symptom, --errors and --latency');
  if (options.errors === true) return { kind: 'errors' };
  if (options.latency === true) return { kind: 'latency' };
  if (typeof options.symptom !== 'string') return { kind: 'any' };
  const arrow = options.symptom.indexOf('->');
  if (arrow !== -1) {
    // A slow or failing call between two services: the graph edge FROM → TO.
    const source = options.symptom.slice(0, arrow).trim();
    const target = options.symptom.slice(arrow + 2).trim();
    if (source === '' || target === '') throw new UsageError(`--symptom FROM->TO needs both services, got "${options.symptom}"`);
    return { kind: 'edge', source, target };
  }
  const at = options.symptom.indexOf(':');
  const service = at === -1 ? options.symptom : options.symptom.slice(0, at);
  const operation = at === -1 ? undefined : options.symptom.slice(at + 1);
  if (service === '' || operation === '') throw new UsageError(`--symptom must be SERVICE, SERVICE:OPERATION or FROM->TO, got "${options.symptom}"`);
  return operation === undefined ? { kind: 'service', service } : { kind: 'service', service, operation };
}

/** An ISO 8601 time, or nanoseconds since the epoch. */
export function time(value: CommandContext['options'][string], flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${flag} needs a time`);
  if (/^\d{1,19}$/.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} must be an ISO 8601 time or nanoseconds since the epoch, got "${value}"`);
  return (BigInt(ms) * 1_000_000n).toString();
}

function printHuman(result: AnalysisResult, tracesRead: number, traces: number, elapsedMs: number): void {
  const out: string[] = [];
  const sampled = tracesRead < traces ? ` (${tracesRead} read, whole traces sampled)` : '';
  out.push(`Window ${isoTime(result.window.startNs)} → ${isoTime(result.window.endNs)}: ${traces} traces${sampled}, ${(elapsedMs / 1000).toFixed(1)} s`);
  if (result.window.baseline) out.push(`Baseline ${isoTime(result.window.baseline.startNs)} → ${isoTime(result.window.baseline.endNs)}`);
  out.push('');
  if (result.suspects.length === 0) out.push('No suspects: nothing in the window changed or stands out.');
  for (const s of result.suspects) {
    out.push(`${s.rank}. [${s.kind}] ${s.service} · ${s.operation}  score ${s.score.toFixed(2)}`);
    out.push(`   ${s.statement}`);
    const e = s.evidence;
    out.push(`   explains ${e.explainedTraces} of ${e.badTraces} bad requests`);
    for (const [name, d] of Object.entries(e.distributions ?? {})) out.push(`   ${name}: ${d.count} · p50 ${ms(d.p50Ns)} · p95 ${ms(d.p95Ns)} · p99 ${ms(d.p99Ns)}`);
    for (const m of (e.messages ?? []).slice(0, 2)) out.push(`   message ×${m.count}: ${firstLine(m.text)}`);
    for (const l of (e.logs ?? []).slice(0, 2)) out.push(`   log ${isoTime(l.timeNs)}: ${firstLine(l.body)}`);
    for (const x of e.examples.slice(0, 2)) out.push(`   example trace ${x.traceId} spans ${x.spanIds.slice(0, 3).join(', ')}`);
    out.push('');
  }
  const b = result.blastRadius;
  if (b.entryOperations.length > 0) {
    out.push(`Blast radius: ${b.services.join(', ')}`);
    for (const e of b.entryOperations.slice(0, 8)) out.push(`   ${e.service} · ${e.operation}: ${e.affected} of ${e.total} requests`);
    for (const u of b.users ?? []) out.push(`   ${u.distinct} distinct ${u.key}`);
    out.push('');
  }
  for (const f of result.findings) out.push(`Finding [${f.detector}] ${f.service} · ${f.operation}: ${f.statement} (${f.occurrences} traces)`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function ms(ns: number): string {
  return ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : `${(ns / 1e6).toFixed(1)} ms`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
