import type { FleetReport } from '../../shared/fleet/types.js';
import { fleetQuery } from '../../shared/fleet/types.js';
import { NO_CALLS_KNOWN } from '../../shared/fleet/fleet-rank.js';
import { UsageError, type CommandContext } from './commands.js';
import { isoTime, printJson, printTable } from './output.js';
import { time } from './analyze-command.js';
import { list, single } from './source-flags.js';

/**
 * `casefile fleet [--since 1h | --from T --to T] [--source S]... [--buckets N] [--refresh] [--series] [--json]`: asks each
 * Prometheus source (or the sources named: Tempo, Elasticsearch/OpenSearch, Loki, Jaeger) for the fleet's rates,
 * error rates and percentiles per service and edge (through the cache, so the same question offline is answered from
 * it), then ranks what changed. `--json` prints the FleetReport.
 */
export async function fleetCommand({ core, options, json }: CommandContext): Promise<void> {
  const handlers = core.handlers;
  const named = list(options.source);
  // By default the span-metrics sources; the other aggregate kinds are asked when named (a Loki or Elasticsearch source may hold logs only).
  const sources = named.length > 0 ? named : (await handlers.listSources({})).sources.filter((s) => s.config.kind === 'prometheus').map((s) => s.config.name);
  if (sources.length === 0) throw new UsageError('fleet needs a source holding span metrics (casefile source add NAME --kind prometheus --url http://prometheus:9090), or --source naming a Tempo, Elasticsearch/OpenSearch, Loki or Jaeger source');
  const parsed = fleetQuery.safeParse({ ...windowOf(options), buckets: bucketsOf(options) });
  if (!parsed.success) throw new UsageError(`fleet: ${parsed.error.issues[0]?.message ?? 'invalid window'}`);
  const loadIds: number[] = [];
  for (const source of sources) {
    const started = await handlers.pullAggregates({ source, query: parsed.data, refresh: options.refresh === true });
    const job = (await core.pulls.wait(started.id)) ?? started;
    if (job.state !== 'done' || job.loadId === null) {
      process.stderr.write(`casefile: ${job.error ?? job.state}\n`);
      process.exitCode = 1;
      continue;
    }
    loadIds.push(job.loadId);
    for (const warning of job.warnings) process.stderr.write(`casefile: warning: ${warning}\n`);
  }
  if (loadIds.length === 0) return;
  const report = await handlers.fleetReport({ loadIds, confirm: true, series: options.series === true });
  if (report === null) throw new Error('the aggregates pulled were not found in the cache');
  if (json) return printJson(report);
  printReport(report);
}

function windowOf(options: CommandContext['options']): { lookbackMs?: number; startNs?: string; endNs?: string } {
  const since = single(options.since, 'since');
  const from = time(options.from, 'from');
  const to = time(options.to, 'to');
  if (since !== undefined) {
    if (from !== undefined || to !== undefined) throw new UsageError('give --since or --from/--to, not both');
    const match = /^(\d+)(m|h|d)$/.exec(since);
    if (match === null) throw new UsageError(`--since must look like 30m, 1h or 2d, got "${since}"`);
    return { lookbackMs: Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'] };
  }
  if (from === undefined && to === undefined) return {};
  if (from === undefined || to === undefined) throw new UsageError('--from and --to go together');
  return { startNs: from, endNs: to };
}

function bucketsOf(options: CommandContext['options']): number | undefined {
  const raw = single(options.buckets, 'buckets');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 8 || n > 720) throw new UsageError(`--buckets must be a whole number from 8 to 720, got "${raw}"`);
  return n;
}

function printReport(report: FleetReport): void {
  const changed = report.services.filter((s) => s.changed.length > 0).length;
  const from = report.sources.map((s) => `${s.name} (${s.events.toLocaleString('en')} requests)`).join(', ');
  process.stdout.write(
    `fleet ${isoTime(report.startNs)} → ${isoTime(report.endNs)}: ${report.services.length} services, ${report.edges.length} edges, ${changed} changed; from ${from}\n`,
  );
  if (report.suspects.length === 0) {
    process.stdout.write('no service changed: nothing stands out against its own past in this window\n');
    return;
  }
  printTable(
    ['RANK', 'SUSPECT', 'ONSET', 'BASIS', 'CALLERS', 'WHAT CHANGED'],
    report.suspects.map((s) => [s.rank, s.service, isoTime(s.onsetNs).slice(11, 19), s.basis, s.callers.length, s.statement]),
  );
  if (report.calls === 0 && report.suspects.length > 1) process.stdout.write(`\nnote: ${NO_CALLS_KNOWN}\n`);
  const top = report.suspects[0]!;
  process.stdout.write(`\nevidence: casefile pull --exemplars --service ${top.service} --source <trace source>, then casefile analyze\n`);
}
