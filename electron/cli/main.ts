import { parseArgs } from 'node:util';
import { defaultDatabasePath, openCore } from '../core/core.js';
import { analyzeCommand } from './analyze-command.js';
import { graph, logs, services, trace, traces, UsageError, type CommandContext } from './commands.js';
import { importCommand } from './import-command.js';
import { serveCommand } from './serve-command.js';
import { pullCommand, sourceCommand } from './source-command.js';

const USAGE = `Usage: casefile <command> [options]

Commands:
  import FILE...                  import trace/log files (OTLP/JSON, Jaeger, Zipkin v2; gzip ok)
  services                        services in the cache with span, error, trace and log counts
  traces [--service S] [--operation O] [--limit N] [--errors]
                                  most recent traces (with a span named O, of S when given)
  trace ID                        one trace's spans
  logs [--trace ID] [--span ID] [--service S] [--search TEXT] [--limit N]
                                  logs, by trace, span, service or full text
  graph                           service dependency graph (edges with calls, errors, p50/p95/p99)
  analyze [--from T --to T] [--symptom SERVICE[:OPERATION] | --errors | --latency]
          [--baseline-from T --baseline-to T]
                                  rank root-cause suspects with evidence and blast radius (T: ISO time or epoch ns;
                                  default: everything cached, errors and latency alike)
  serve [--port N] [--no-demo]    browser mode on 127.0.0.1, with a per-run token in the printed URL
  serve --otlp [--otlp-port N]    also receive OTLP/HTTP traces and logs on 127.0.0.1:4318 (or N)
  source add NAME --kind K --url U [--token-env VAR | --user U --password-env VAR | --secret-stdin]
         [--header-env NAME=VAR]... [--header NAME --secret-stdin]
         [--tenant T] [--ca FILE] [--insecure] [--timeout MS]
                                  add or replace a live source (jaeger, tempo, zipkin, loki, elasticsearch, opensearch)
    jaeger:  --api v1|v3          query API version (default v1; --api-version is the same flag)
    tempo:   --api v1|v2          trace-by-id API (default v2; v1 for Tempo before 2.5)
    loki:    --derived-field TARGET:FROM:KEY (repeatable; TARGET trace|span, FROM metadata|label|json|regex,
               e.g. 'trace:regex:traceID=(\\w+)'; replaces the defaults, 'defaults' puts them at that place)
             --service-label L    (repeatable) labels naming the service, first present wins (default
                                  service_name, service, app, job)
    elasticsearch, opensearch: --index PATTERN (default logs-*)
             --field NAME=FIELD   (repeatable) NAME trace|span|service|level|timestamp|message; ECS names by default
  source list | test NAME | remove NAME
                                  list sources, test one step by step (DNS, connect, TLS, auth, API), remove one
  pull --source NAME [--service S] [--operation O] [--tag KEY=VALUE]... [--min-duration D] [--max-duration D]
       [--traceql Q] [--since 1h | --start ISO --end ISO] [--limit N] [--refresh]
                                  pull matching traces into the cache (answered from the cache when asked before);
                                  D is 400ms, 1.5s, 250us (a bare number is ms); --traceql for Tempo only
  pull --trace ID [--source NAME] [--refresh]
                                  pull one trace from the source that has it (every source in order, first hit wins)
  pull --logs --source NAME [--query Q] [--trace ID] [--service S] [--since 1h | --start ISO --end ISO]
       [--limit N] [--refresh]    pull log lines: Q is LogQL for Loki, a query_string for Elasticsearch/OpenSearch
  pull --dependencies --source NAME [--since 1h | --start ISO --end ISO] [--refresh]
                                  pull the service dependencies a Jaeger or Zipkin source computed (the graph shows them)

Options for every command:
  --db PATH                       the cache file (default: $CASEFILE_DB or the app's data folder)
  --json                          machine-readable output (stable; for scripts)
`;

type Command = (ctx: CommandContext) => Promise<void>;
const COMMANDS: Record<string, Command> = { analyze: analyzeCommand, import: importCommand, services, traces, trace, logs, graph, serve: serveCommand, source: sourceCommand, pull: pullCommand };

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
        otlp: { type: 'boolean' },
        'otlp-port': { type: 'string' },
        // source add / pull (secrets only by environment variable or stdin, never as arguments)
        kind: { type: 'string' },
        url: { type: 'string' },
        'token-env': { type: 'string' },
        user: { type: 'string' },
        'password-env': { type: 'string' },
        'secret-stdin': { type: 'boolean' },
        tenant: { type: 'string' },
        ca: { type: 'string' },
        insecure: { type: 'boolean' },
        timeout: { type: 'string' },
        'api-version': { type: 'string' },
        api: { type: 'string' },
        'derived-field': { type: 'string', multiple: true },
        'service-label': { type: 'string', multiple: true },
        index: { type: 'string' },
        field: { type: 'string', multiple: true },
        'header-env': { type: 'string', multiple: true },
        header: { type: 'string' },
        source: { type: 'string' },
        operation: { type: 'string' },
        'min-duration': { type: 'string' },
        'max-duration': { type: 'string' },
        tag: { type: 'string', multiple: true },
        traceql: { type: 'string' },
        logs: { type: 'boolean' },
        dependencies: { type: 'boolean' },
        query: { type: 'string' },
        since: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        refresh: { type: 'boolean' },
        // analyze
        from: { type: 'string' },
        to: { type: 'string' },
        symptom: { type: 'string' },
        latency: { type: 'boolean' },
        'baseline-from': { type: 'string' },
        'baseline-to': { type: 'string' },
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
