import { CasefileError } from '../core/casefile/casefile-format.js';
import { defaultDatabasePath, openCore } from '../core/core.js';
import { analyzeCommand } from './analyze-command.js';
import { fleetCommand } from './fleet-command.js';
import { cachePathProblem } from './cache-path.js';
import { caseCommand } from './case-command.js';
import { compareCommand, diffCommand, findingsCommand, flowsCommand } from './compare-commands.js';
import { readCommandLine } from './cli-args.js';
import { graph, loads, logs, services, traces, UsageError, type CommandContext } from './commands.js';
import { importCommand } from './import-command.js';
import { serveCommand } from './serve-command.js';
import { canaryCommand, sloCommand } from './slo-command.js';
import { pullCommand, sourceCommand } from './source-command.js';
import { trace } from './trace-command.js';
import { VERSION } from './usage.js';

type Command = (ctx: CommandContext) => Promise<void>;
const COMMANDS: Record<string, Command> = {
  analyze: analyzeCommand,
  fleet: fleetCommand,
  import: importCommand,
  loads,
  services,
  traces,
  trace,
  logs,
  graph,
  serve: serveCommand,
  source: sourceCommand,
  pull: pullCommand,
  slo: sloCommand,
  canary: canaryCommand,
  compare: compareCommand,
  diff: diffCommand,
  flows: flowsCommand,
  findings: findingsCommand,
};

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const line = readCommandLine(argv, VERSION);
  if (line.kind === 'print') {
    process.stdout.write(line.text);
    return 0;
  }
  if (line.kind === 'usage-error') {
    process.stderr.write(`casefile: ${line.message}\n\n${line.usage}`);
    return 2;
  }
  const { name, args, values } = line;
  if (name === 'case') return runCase({ args, options: values, json: values.json === true });
  const casefile = typeof values.casefile === 'string' ? values.casefile : undefined;
  const databasePath = casefile ?? (typeof values.db === 'string' ? values.db : defaultDatabasePath());
  // A casefile is checked by its own opener, whose refusals name the file and what is wrong with it.
  const isCasefile = casefile !== undefined || databasePath.endsWith('.casefile');
  const mayCreate = name === 'import' || name === 'serve' || name === 'pull' || (name === 'source' && args[0] === 'add');
  const problem = isCasefile ? null : cachePathProblem(databasePath, { mayCreate, isDefault: values.db === undefined && !process.env.CASEFILE_DB });
  if (problem !== null) {
    process.stderr.write(`casefile: ${problem}\n`);
    return 1;
  }
  let core;
  try {
    core = await openCore({ databasePath, mode: 'web', loadDemoIfEmpty: name === 'serve' && values['no-demo'] !== true });
  } catch (error) {
    // A casefile's refusal already names the file and the reason.
    const what = error instanceof CasefileError ? '' : `cannot open the cache ${databasePath}: `;
    process.stderr.write(`casefile: ${what}${(error as Error).message}\n`);
    return 1;
  }
  // An import killed earlier (kill -9, a crash) was found on open: say so once, with how to finish it.
  for (const load of core.interrupted) process.stderr.write(`casefile: warning: load ${load.id} (${load.kind} ${load.target}) was ${load.error ?? 'interrupted'}\n`);
  try {
    await COMMANDS[name]!({ core, args, options: values, json: values.json === true });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    process.stderr.write(`casefile: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    core.close();
  }
}

/** `casefile traces | head`: once the reader is gone there is nobody to tell, so stop at once and succeed, as Unix tools do. */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** `casefile case …` reads and writes casefiles itself: it opens no cache core. */
async function runCase(ctx: Parameters<typeof caseCommand>[0]): Promise<number> {
  try {
    await caseCommand(ctx);
    return 0;
  } catch (error) {
    process.stderr.write(`casefile: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
