import { ApiError } from '../../shared/contract-kit.js';
import type { CanaryReport, SloDefinition, SloStatus } from '../../shared/slo/types.js';
import { sloDefinition } from '../../shared/slo/types.js';
import { UsageError, type CommandContext } from './commands.js';
import { duration, isoTime, printJson, printTable } from './output.js';
import { durationMs, isoToNs } from './pull-flags.js';
import { single } from './source-flags.js';

type Options = CommandContext['options'];

/**
 * `casefile slo add|list|remove|status`: service-level objectives on flows, kept in the cache.
 *   slo add NAME --service S [--operation O] (--threshold 300ms --target 99 | --availability 99.9 [--bad B]) [--period 28d]
 * B is `error` (status error, the default), `http-5xx`, `KEY=VALUE` or `KEY!=VALUE`.
 */
export async function sloCommand(ctx: CommandContext): Promise<void> {
  const [action, name, ...extra] = ctx.args;
  const { handlers } = ctx.core;
  if (action === 'list') {
    const list = await handlers.listSlos({});
    if (ctx.json) return printJson(list);
    if (list.length === 0) return void process.stderr.write('no SLOs yet: casefile slo add NAME --service S ...\n');
    printTable(['NAME', 'FLOW', 'OBJECTIVE', 'PERIOD'], list.map((s) => [s.name, flow(s), objective(s), `${s.periodDays}d`]));
    return;
  }
  if (action === 'status') {
    const statuses = await handlers.sloStatus({ names: name === undefined ? undefined : [name, ...extra], ...window(ctx.options) });
    if (ctx.json) return printJson(statuses);
    if (statuses.length === 0) return void process.stderr.write('no SLOs yet: casefile slo add NAME --service S ...\n');
    printStatus(statuses);
    return;
  }
  if (action !== 'add' && action !== 'remove') throw new UsageError(`slo needs add, list, remove or status, got "${action ?? ''}"`);
  if (name === undefined) throw new UsageError(`slo ${action} needs a name: casefile slo ${action} NAME`);
  if (extra.length > 0) throw new UsageError(`slo ${action} takes one name, got also: ${extra.join(' ')}`);
  if (action === 'remove') {
    const { removed } = await handlers.removeSlo({ name });
    if (!removed) throw new UsageError(`no SLO named ${name}`);
    if (ctx.json) return printJson({ removed });
    process.stdout.write(`removed SLO ${name}\n`);
    return;
  }
  const saved = await handlers.saveSlo({ slo: definitionFromFlags(name, ctx.options) });
  if (ctx.json) return printJson(saved);
  process.stdout.write(`saved SLO ${saved.name}: ${flow(saved)}, ${objective(saved)} over ${saved.periodDays} days\n`);
}

/** `casefile canary --service S [--by ATTRIBUTE] [--baseline VALUE]`: the verdict on a service's versions. */
export async function canaryCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 0) throw new UsageError(`canary takes no arguments, got: ${ctx.args.join(' ')}`);
  const service = single(ctx.options.service, 'service');
  if (service === undefined) throw new UsageError('canary needs --service S');
  const by = single(ctx.options.by, 'by') ?? 'service.version';
  const report = await Promise.resolve()
    .then(() => ctx.core.handlers.canary({ service, by, baseline: single(ctx.options.baseline, 'baseline'), ...window(ctx.options) }))
    .catch((error: unknown) => {
      // One version only, or an unknown baseline: the question was wrong, not the cache.
      throw error instanceof ApiError && error.code === 'invalid-input' ? new UsageError(error.message) : error;
    });
  if (ctx.json) return printJson(report);
  printCanary(report);
}

function definitionFromFlags(name: string, o: Options): SloDefinition {
  const latency = durationMs(o.threshold, 'threshold');
  const availability = percent(o.availability, 'availability');
  const target = percent(o.target, 'target');
  if ((latency === undefined) === (availability === undefined)) throw new UsageError('give --threshold D --target P (a latency SLO), or --availability P');
  if (latency !== undefined && target === undefined) throw new UsageError('--threshold needs --target, e.g. --threshold 300ms --target 99');
  if (availability !== undefined && target !== undefined) throw new UsageError('--target is for --threshold; --availability is its own target');
  const badText = single(o.bad, 'bad');
  if (latency !== undefined && badText !== undefined) throw new UsageError('--bad is for --availability; a latency SLO counts requests slower than --threshold');
  const period = single(o.period, 'period');
  const days = period === undefined ? undefined : /^(\d+)d$/.exec(period)?.[1];
  if (period !== undefined && days === undefined) throw new UsageError(`--period must look like 28d, got "${period}"`);
  const parsed = sloDefinition.safeParse({
    name,
    service: single(o.service, 'service'),
    operation: single(o.operation, 'operation'),
    objective: latency !== undefined ? { kind: 'latency', thresholdMs: latency, target } : { kind: 'availability', target: availability, bad: bad(badText) },
    periodDays: days === undefined ? undefined : Number(days),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { name: 'NAME', service: '--service', operation: '--operation', periodDays: '--period' }[String(issue.path[0])] ?? '--target';
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  return parsed.data;
}

function bad(text: string | undefined): SloDefinition['objective'] extends infer O ? (O extends { bad: infer B } ? B : never) : never {
  if (text === undefined || text === 'error') return 'error';
  if (text === 'http-5xx') return 'http-5xx';
  const match = /^([^!=]+)(!=|=)(.*)$/.exec(text);
  if (match === null) throw new UsageError(`--bad must be error, http-5xx, KEY=VALUE or KEY!=VALUE, got "${text}"`);
  return { key: match[1]!, op: match[2] as '=' | '!=', value: match[3]! };
}

/** "99.9" or "99.9%" → 0.999. */
function percent(value: Options[string], flag: string): number | undefined {
  const text = single(value, flag);
  if (text === undefined) return undefined;
  const n = Number(text.replace(/%$/, ''));
  if (!(n > 0 && n < 100)) throw new UsageError(`--${flag} must be a percentage between 0 and 100, e.g. 99.9, got "${text}"`);
  return n / 100;
}

function window(o: Options): { startNs?: string; endNs?: string } {
  const start = single(o.start, 'start');
  const end = single(o.end, 'end');
  return { startNs: start === undefined ? undefined : isoToNs(start, 'start'), endNs: end === undefined ? undefined : isoToNs(end, 'end') };
}

function flow(s: SloDefinition): string {
  return s.operation === undefined ? s.service : `${s.service}: ${s.operation}`;
}

function objective(s: SloDefinition): string {
  const o = s.objective;
  const target = `${+(o.target * 100).toFixed(4)}%`;
  if (o.kind === 'latency') return `${target} under ${o.thresholdMs} ms`;
  const what = o.bad === 'error' ? 'not in error' : o.bad === 'http-5xx' ? 'not HTTP 5xx' : `not ${o.bad.key}${o.bad.op}${o.bad.value}`;
  return `${target} ${what}`;
}

const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(3)}%`);

function printStatus(statuses: SloStatus[]): void {
  printTable(
    ['SLO', 'OBJECTIVE', 'EVENTS', 'COMPLIANCE', 'BUDGET LEFT', 'BURN 1H', 'ALERTS'],
    statuses.map((s) => [
      s.slo.name,
      objective(s.slo),
      `${Math.round(s.events).toLocaleString('en-US')}${s.estimated ? ' (est.)' : ''}`,
      share(s.compliance),
      share(s.budgetRemaining),
      s.burnRate1h === null ? '—' : `${s.burnRate1h.toFixed(1)}×`,
      s.alerts.filter((a) => a.firedAtNs.length > 0).map((a) => `${a.name}${a.firing ? ' (firing)' : ''} since ${isoTime(a.firedAtNs[0]!).slice(11, 16)}`).join(', ') || 'none',
    ]),
  );
  for (const s of statuses) {
    if (s.gapMinutes > 0) process.stdout.write(`${s.slo.name}: ${s.gapMinutes} minutes without events (gaps, not counted as good)\n`);
  }
}

function printCanary(report: CanaryReport): void {
  printTable(
    [report.split.toUpperCase(), 'REQUESTS', 'SHARE', 'ERRORS', 'P50', 'P95', 'P99', 'P-VALUE'],
    report.groups.map((g) => [
      g.value === report.baseline ? `${g.value} (baseline)` : g.value,
      g.requests.toLocaleString('en-US'),
      `${(g.share * 100).toFixed(0)}%`,
      `${(g.errorRate * 100).toFixed(2)}%`,
      duration(g.p50Ns),
      duration(g.p95Ns),
      duration(g.p99Ns),
      g.pValue === null ? '' : g.pValue < 0.001 ? '< 0.001' : g.pValue.toFixed(3),
    ]),
  );
  process.stdout.write(`\n${report.verdict.toUpperCase()}: ${report.statement}\n`);
  if (report.worstTraceIds.length > 0) process.stdout.write(`slowest canary traces: ${report.worstTraceIds.join(' ')}\n`);
}
