import { parseArgs } from 'node:util';
import { defaultDatabasePath, openCore } from '../core/core.js';
import { graph, logs, services, trace, traces, UsageError, type CommandContext } from './commands.js';
import { importCommand } from './import-command.js';
import { serveCommand } from './serve-command.js';

const USAGE = `Usage: casefile <command> [options]

Commands:
  import FILE...                  import trace/log files (OTLP/JSON, Jaeger, Zipkin v2; gzip ok)
  services                        services in the cache with span, error, trace and log counts
  traces [--service S] [--limit N] [--errors]
                                  most recent traces
  trace ID                        one trace's spans
  logs [--trace ID] [--span ID] [--service S] [--search TEXT] [--limit N]
                                  logs, by trace, span, service or full text
  graph                           service dependency graph (edges with calls, errors, p50/p95/p99)
  serve [--port N] [--no-demo]    browser mode on 127.0.0.1, with a per-run token in the printed URL

Options for every command:
  --db PATH                       the cache file (default: $CASEFILE_DB or the app's data folder)
  --json                          machine-readable output (stable; for scripts)
`;

type Command = (ctx: CommandContext) => Promise<void>;
const COMMANDS: Record<string, Command> = { import: importCommand, services, traces, trace, logs, graph, serve: serveCommand };

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        service: { type: 'string' },
        limit: { type: 'string' },
        errors: { type: 'boolean' },
        trace: { type: 'string' },
        span: { type: 'string' },
        search: { type: 'string' },
        port: { type: 'string' },
        'no-demo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`casefile: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [name, ...args] = parsed.positionals;
  if (parsed.values.help || name === undefined || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined && !parsed.values.help ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`casefile: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  let core;
  try {
    core = await openCore({
      databasePath: parsed.values.db ?? defaultDatabasePath(),
      mode: 'web',
      loadDemoIfEmpty: name === 'serve' && parsed.values['no-demo'] !== true,
    });
  } catch (error) {
    process.stderr.write(`casefile: cannot open the cache: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    await command({ core, args, options: parsed.values, json: parsed.values.json === true });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    process.stderr.write(`casefile: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    core.close();
  }
}
