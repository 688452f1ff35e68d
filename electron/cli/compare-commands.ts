import type { Selection } from '../../shared/analysis/compare/compare-types.js';
import { UsageError, type CommandContext } from './commands.js';
import { duration, printJson, printTable } from './output.js';
import { durationMs } from './pull-flags.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const text = (v: CommandContext['options'][string]) => (typeof v === 'string' ? v : undefined);

/**
 * `compare --by KEY [--service S]`: the attribute's values side by side. `compare --errors | --min-duration D
 * [--service S]`: BubbleUp, the attributes that set the errors (or the slow spans) apart from the rest.
 */
export async function compareCommand({ core, options, json }: CommandContext): Promise<void> {
  const service = text(options.service);
  const by = text(options.by);
  if (by !== undefined) {
    const result = await core.handlers.compareValues({ by, service });
    if (json) return printJson(result);
    // Values kept per service (a service's own key across all services) say whose they are.
    const perService = result.values.some((v) => v.service !== undefined);
    printTable(
      [...(perService ? ['SERVICE'] : []), by.toUpperCase(), 'REQUESTS', 'SHARE', 'RATE/S', 'ERRORS', 'P50', 'P95', 'P99'],
      result.values.map((v) => [...(perService ? [v.service ?? ''] : []), v.value, v.count, pct(v.share), v.rate.toFixed(2), pct(v.errorRate), duration(v.p50Ns), duration(v.p95Ns), duration(v.p99Ns)]),
    );
    process.stdout.write(`\n${result.statement}\n`);
    return;
  }
  const minMs = durationMs(options['min-duration'], 'min-duration');
  let selection: Selection;
  if (options.errors === true) selection = { kind: 'errors' };
  else if (minMs !== undefined) selection = { kind: 'slow', minDurationNs: minMs * 1e6 };
  else throw new UsageError('compare needs --by ATTRIBUTE, or --errors or --min-duration D for the attributes that set them apart');
  const result = await core.handlers.compareAttributes({ selection, service, limitKeys: 30 });
  if (json) return printJson(result);
  process.stdout.write(`${result.selectionSpans} spans selected, ${result.baselineSpans} in the rest\n`);
  printTable(
    ['ATTRIBUTE', 'VALUE', 'SELECTED', 'REST', 'DIFFERENCE'],
    result.attributes.flatMap((a) => a.values.slice(0, 3).map((v, i) => [i === 0 ? a.key : '', v.value.slice(0, 60), pct(v.selectionShare), pct(v.baselineShare), i === 0 ? pct(a.difference) : ''])),
  );
}

/** `diff TRACE_A TRACE_B`: the two traces merged on service:operation paths, largest time difference first. */
export async function diffCommand({ core, args, json }: CommandContext): Promise<void> {
  const [a, b] = args;
  if (a === undefined || b === undefined) throw new UsageError('diff needs two trace ids: casefile diff TRACE_A TRACE_B');
  const result = await core.handlers.diffTraces({ a: [a], b: [b] });
  if (json) return printJson(result);
  process.stdout.write(`A ${duration(result.durationA)} · B ${duration(result.durationB)}\n`);
  printTable(
    ['CHANGE', 'A', 'B', 'DELTA', 'CALLS A→B', 'PATH'],
    result.nodes.map((n) => [n.change, duration(n.durationA), duration(n.durationB), `${n.durationB >= n.durationA ? '+' : '-'}${duration(Math.abs(n.durationB - n.durationA))}`, `${n.countA}→${n.countB}`, `${'  '.repeat(n.depth)}${n.service}: ${n.operation}`]),
  );
}

/** `flows`: entry operations with rate, errors, latency and where their time goes on the critical path. */
export async function flowsCommand({ core, json }: CommandContext): Promise<void> {
  const result = await core.handlers.flows({});
  if (json) return printJson(result);
  for (const f of result.flows) {
    process.stdout.write(`\n${f.service}: ${f.operation}  ${f.count} requests, ${f.rate.toFixed(2)}/s, ${pct(f.errorRate)} errors, p50 ${duration(f.p50Ns)} p95 ${duration(f.p95Ns)} p99 ${duration(f.p99Ns)}\n`);
    printTable(
      ['  CRITICAL PATH', 'P50', 'P95', 'SHARE'],
      f.criticalPath.slice(0, 6).map((c) => [`  ${c.service}: ${c.operation}`, duration(c.p50Ns), duration(c.p95Ns), pct(c.share)]),
    );
  }
}

/** `findings [--service S] [--trace ID]`: the anti-pattern detectors over the cached window (or one trace). */
export async function findingsCommand({ core, options, json }: CommandContext): Promise<void> {
  const findings = await core.handlers.findings({ service: text(options.service), traceId: text(options.trace) });
  if (json) return printJson(findings);
  if (findings.length === 0) {
    process.stdout.write('No anti-patterns found.\n');
    return;
  }
  for (const f of findings) {
    process.stdout.write(`${f.detector}  ${f.service}: ${f.operation}  ${f.occurrences} traces, ${duration(f.costNs)}\n  ${f.statement}\n  fix: ${f.fix}\n  e.g. trace ${f.traceIds[0] ?? '-'}\n\n`);
  }
}
