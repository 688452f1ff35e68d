import { traceQuery, type PullJob, type SourceTestResult, type TraceQueryInput } from '../../shared/source-pulls.js';
import type { SourceConfigInput, SourceSecrets } from '../../shared/sources.js';
import { UsageError, type CommandContext } from './commands.js';
import { duration, isoTime, printJson, printTable } from './output.js';

/**
 * `casefile source add|list|test|remove` and `casefile pull`. Secrets come from environment variables or stdin,
 * never from the command line, where `ps` and shell history would show them.
 */
export async function sourceCommand(ctx: CommandContext): Promise<void> {
  const [action, name] = ctx.args;
  const handlers = ctx.core.handlers;
  if (action === 'list') {
    const list = await handlers.listSources({});
    if (ctx.json) return printJson(list);
    printTable(
      ['NAME', 'KIND', 'URL', 'AUTH', 'NOTES'],
      list.sources.map((s) => [s.config.name, s.config.kind, s.config.url, s.config.auth.type, [...s.warnings, ...s.secretsMissing.map((m) => `missing ${m}`)].join(' ')]),
    );
    process.stdout.write(`configs: ${list.configFile}\nsecrets: ${list.secretsIn}\n`);
    return;
  }
  if (name === undefined) throw new UsageError(`source ${action ?? ''} needs a name: casefile source add|test|remove NAME`);
  if (action === 'add') {
    const { config, secrets } = await configFromOptions(name, ctx.options);
    const saved = await ctx.core.sources.save(config, secrets);
    if (ctx.json) return printJson(saved);
    process.stdout.write(`saved source ${name} (${saved.config.kind} at ${saved.config.url})\n`);
    for (const warning of saved.warnings) process.stdout.write(`warning: ${warning}\n`);
    return;
  }
  if (action === 'test') {
    const result = await handlers.testSource({ name });
    if (!result.ok) process.exitCode = 1;
    if (ctx.json) return printJson(result);
    printTest(result);
    return;
  }
  if (action === 'remove') {
    const result = await handlers.removeSource({ name });
    if (!result.removed) process.exitCode = 1;
    if (ctx.json) return printJson(result);
    process.stdout.write(result.removed ? `removed source ${name}\n` : `no source named ${name}\n`);
    return;
  }
  throw new UsageError(`unknown source action "${action ?? ''}": use add, list, test or remove`);
}

export async function pullCommand(ctx: CommandContext): Promise<void> {
  const o = ctx.options;
  const source = text(o.source);
  const refresh = o.refresh === true;
  let job: PullJob;
  if (typeof o.trace === 'string') {
    job = await ctx.core.handlers.pullTrace({ traceId: o.trace, source, refresh });
  } else {
    if (source === undefined) throw new UsageError('pull needs --source NAME (or --trace ID to ask every source)');
    const query: TraceQueryInput = {
      service: text(o.service),
      operation: text(o.operation),
      limit: o.limit === undefined ? undefined : positive(o.limit, 'limit'),
      minDurationMs: o['min-duration'] === undefined ? undefined : positive(o['min-duration'], 'min-duration'),
      ...windowFromOptions(o),
    };
    const parsed = traceQuery.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`pull: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    job = await ctx.core.handlers.pullTraces({ source, query: parsed.data, refresh });
  }
  const done = (await ctx.core.pulls.wait(job.id)) ?? job;
  if (done.state !== 'done') process.exitCode = 1;
  if (ctx.json) return printJson(done);
  if (done.state !== 'done') {
    process.stderr.write(`casefile: ${done.error ?? done.state}\n`);
    return;
  }
  const when = done.fetchedAt === null ? '' : new Date(done.fetchedAt).toISOString();
  process.stdout.write(
    done.cached
      ? `from the cache: fetched from ${done.source} at ${when} (use --refresh to ask the source again)\n`
      : `pulled from ${done.source}: ${done.traces.length} trace(s), ${done.spansSeen} span(s), ${done.bytes} bytes in ${done.requests} request(s)\n`,
  );
  printTable(
    ['TRACE ID', 'START (UTC)', 'DURATION', 'SPANS', 'ERRORS', 'ROOT'],
    done.traces.map((t) => [t.traceId, isoTime(t.startNs), duration(t.durationNs), t.spanCount, t.errorCount, `${t.rootService ?? '?'}: ${t.rootName ?? '?'}`]),
  );
}

type Options = CommandContext['options'];

async function configFromOptions(name: string, o: Options): Promise<{ config: SourceConfigInput; secrets: SourceSecrets }> {
  const kind = text(o.kind);
  const url = text(o.url);
  if (kind === undefined || url === undefined) throw new UsageError('source add needs --kind K and --url U');
  const user = text(o.user);
  const fromStdin = o['secret-stdin'] === true ? await readStdin() : undefined;
  const token = envSecret(o['token-env'], 'token-env') ?? (user === undefined ? fromStdin : undefined);
  const password = envSecret(o['password-env'], 'password-env') ?? (user !== undefined ? fromStdin : undefined);
  if (user !== undefined && password === undefined) throw new UsageError('--user needs --password-env VAR or --secret-stdin');
  const auth = user !== undefined ? { type: 'basic' as const, username: user } : token !== undefined ? { type: 'bearer' as const } : { type: 'none' as const };
  const config = {
    name,
    kind,
    url,
    auth,
    tenant: text(o.tenant),
    tls: { caFile: text(o.ca), skipVerify: o.insecure === true },
    timeoutMs: o.timeout === undefined ? undefined : positive(o.timeout, 'timeout'),
    options: text(o['api-version']) === undefined ? undefined : { apiVersion: text(o['api-version']) },
  } as SourceConfigInput;
  return { config, secrets: auth.type === 'basic' ? { password } : auth.type === 'bearer' ? { token } : {} };
}

function envSecret(variable: string | boolean | undefined, option: string): string | undefined {
  if (variable === undefined) return undefined;
  if (typeof variable !== 'string') throw new UsageError(`--${option} needs the name of an environment variable`);
  const value = process.env[variable];
  if (value === undefined || value === '') throw new UsageError(`--${option}: the environment variable ${variable} is not set`);
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').trim();
  if (value === '') throw new UsageError('--secret-stdin: nothing was read from stdin');
  return value;
}

/** --since 15m|1h|2d, or --start/--end ISO times; neither means the last hour. */
function windowFromOptions(o: Options): { lookbackMs?: number; startNs?: string; endNs?: string } {
  const since = text(o.since);
  const start = text(o.start);
  const end = text(o.end);
  if (since !== undefined) {
    if (start !== undefined || end !== undefined) throw new UsageError('give --since or --start/--end, not both');
    const match = /^(\d+)(s|m|h|d)$/.exec(since);
    if (match === null) throw new UsageError(`--since must look like 30m, 1h or 2d, got "${since}"`);
    return { lookbackMs: Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'] };
  }
  if (start === undefined && end === undefined) return {};
  if (start === undefined || end === undefined) throw new UsageError('--start and --end go together');
  return { startNs: isoToNs(start, 'start'), endNs: isoToNs(end, 'end') };
}

function isoToNs(value: string, option: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--${option} must be an ISO 8601 time, got "${value}"`);
  return (BigInt(ms) * 1_000_000n).toString();
}

function positive(value: string | boolean, option: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${option} must be a positive number, got "${String(value)}"`);
  return n;
}

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function printTest(result: SourceTestResult): void {
  for (const stage of result.stages) process.stdout.write(`${stage.ok ? 'ok  ' : 'FAIL'} ${stage.stage.padEnd(7)} ${stage.detail} (${stage.ms} ms)\n`);
  for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
}
