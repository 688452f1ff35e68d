import { traceQuery, type PullJob, type SourceTestResult } from '../../shared/source-pulls.js';
import { sourceConfig, type SourceConfigInput, type SourceSecrets } from '../../shared/sources.js';
import { UsageError, type CommandContext } from './commands.js';
import { printJson, printTable } from './output.js';
import { dependencyQueryFromFlags, logQueryFromFlags, traceQueryFromFlags } from './pull-flags.js';
import { printPulled } from './pull-output.js';
import { flagOfConfigPath, headerAuth, kindOptions, list } from './source-flags.js';

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
  const named = list(o.source);
  if (named.length > 1) throw new UsageError('pull takes one --source');
  const source = named[0];
  const refresh = o.refresh === true;
  if (o.exemplars === true) return pullExemplars(ctx, source, refresh);
  if (o.edge !== undefined) throw new UsageError('--edge is for pull --exemplars');
  let job: PullJob;
  if (o.dependencies === true) {
    if (source === undefined) throw new UsageError('pull --dependencies needs --source NAME (a jaeger or zipkin source)');
    job = await ctx.core.handlers.pullDependencies({ source, query: dependencyQueryFromFlags(o), refresh });
  } else if (o.logs === true) {
    if (source === undefined) throw new UsageError('pull --logs needs --source NAME (a loki, elasticsearch or opensearch source)');
    job = await ctx.core.handlers.pullLogs({ source, query: logQueryFromFlags(o), refresh });
  } else if (typeof o.trace === 'string') {
    job = await ctx.core.handlers.pullTrace({ traceId: o.trace, source, refresh });
  } else {
    if (source === undefined) throw new UsageError('pull needs --source NAME (or --trace ID to ask every source)');
    job = await ctx.core.handlers.pullTraces({ source, query: traceQueryFromFlags(o), refresh });
  }
  const done = (await ctx.core.pulls.wait(job.id)) ?? job;
  if (done.state !== 'done') process.exitCode = 1;
  if (ctx.json) return printJson(done);
  if (done.state !== 'done') {
    process.stderr.write(`casefile: ${done.error ?? done.state}\n`);
    return;
  }
  printPulled(done);
}

type Options = CommandContext['options'];

/**
 * `pull --exemplars --service S [--edge A:B] --source TRACES`: the evidence of a fleet suspect — its slowest and
 * failing requests after the change and normal ones before it (exemplar-questions.ts) — pulled as trace searches
 * through the cache, over the window of the newest fleet answer.
 */
async function pullExemplars(ctx: CommandContext, source: string | undefined, refresh: boolean): Promise<void> {
  const o = ctx.options;
  const service = typeof o.service === 'string' ? o.service : undefined;
  if (source === undefined || service === undefined) throw new UsageError('pull --exemplars needs --service S and --source NAME (a jaeger, tempo or zipkin source)');
  const other = ['operation', 'tag', 'min-duration', 'max-duration', 'traceql', 'trace', 'logs', 'dependencies', 'query', 'since', 'start', 'end', 'limit'].find((f) => o[f] !== undefined);
  if (other !== undefined) throw new UsageError(`--${other} is not for --exemplars, whose questions and window come from the fleet answer (casefile fleet)`);
  let edge: { caller: string; callee: string } | undefined;
  if (typeof o.edge === 'string') {
    const [caller, callee, ...rest] = o.edge.split(':');
    if (!caller || !callee || rest.length > 0) throw new UsageError(`--edge must be CALLER:CALLEE, got "${o.edge}"`);
    if (callee !== service && caller !== service) throw new UsageError(`--edge ${o.edge} does not touch --service ${service}`);
    edge = { caller, callee };
  }
  const questions = await ctx.core.handlers.exemplarQuestions({ source, service, edge });
  const pulled: { label: string; job: PullJob }[] = [];
  for (const question of questions) {
    const started = await ctx.core.handlers.pullTraces({ source, query: traceQuery.parse(question.query), refresh });
    const job = (await ctx.core.pulls.wait(started.id)) ?? started;
    if (job.state !== 'done') process.exitCode = 1;
    pulled.push({ label: question.label, job });
  }
  if (ctx.json) return printJson({ service, edge: edge ?? null, source, exemplars: pulled });
  for (const { label, job } of pulled) {
    const what = job.state === 'done' ? `${job.traces.length} trace${job.traces.length === 1 ? '' : 's'}${job.cached ? ' (from the cache)' : ''}` : `failed: ${job.error ?? job.state}`;
    process.stdout.write(`${label.padEnd(8)} ${what}\n`);
  }
}

async function configFromOptions(name: string, o: Options): Promise<{ config: SourceConfigInput; secrets: SourceSecrets }> {
  const kind = text(o.kind);
  const url = text(o.url);
  if (kind === undefined || url === undefined) throw new UsageError('source add needs --kind K and --url U');
  const options = kindOptions(kind, o);
  const headers = await headerAuth(o, readStdin);
  const user = text(o.user);
  const fromStdin = o['secret-stdin'] === true && headers === undefined ? await readStdin() : undefined;
  const token = envSecret(o['token-env'], 'token-env') ?? (user === undefined ? fromStdin : undefined);
  const password = envSecret(o['password-env'], 'password-env') ?? (user !== undefined ? fromStdin : undefined);
  if (user !== undefined && password === undefined) throw new UsageError('--user needs --password-env VAR or --secret-stdin');
  const auth = headers?.auth ?? (user !== undefined ? { type: 'basic' as const, username: user } : token !== undefined ? { type: 'bearer' as const } : { type: 'none' as const });
  const input = {
    name,
    kind,
    url,
    auth,
    tenant: text(o.tenant),
    tls: { caFile: text(o.ca), skipVerify: o.insecure === true },
    timeoutMs: o.timeout === undefined ? undefined : positive(o.timeout, 'timeout'),
    options,
  };
  // Checked here too (the store checks again) so a bad value is a usage error naming the flag that set it.
  const checked = sourceConfig.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(`source add: ${flagOfConfigPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  }
  const secrets = headers?.secrets ?? (auth.type === 'basic' ? { password } : auth.type === 'bearer' ? { token } : {});
  return { config: input as SourceConfigInput, secrets };
}

function envSecret(variable: Options[string], option: string): string | undefined {
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

function positive(value: Options[string], option: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${option} must be a positive number, got "${String(value)}"`);
  return n;
}

function text(value: Options[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function printTest(result: SourceTestResult): void {
  for (const stage of result.stages) process.stdout.write(`${stage.ok ? 'ok  ' : 'FAIL'} ${stage.stage.padEnd(7)} ${stage.detail} (${stage.ms} ms)\n`);
  for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
}
