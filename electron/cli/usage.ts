import { readFileSync } from 'node:fs';

export const USAGE = `Usage: casefile <command> [options]

Commands:
  import FILE...                  import trace/log files (OTLP/JSON, Jaeger, Zipkin v2; gzip ok)
         [--max-expansion-ratio N] [--max-expanded-bytes N]
                                  how far a .gz file may expand before it is refused (default 100, 16 GiB)
  services                        services in the cache with span, error, trace and log counts
  traces [--service S] [--operation O] [--limit N] [--errors]
         [--sort start|duration|spans|errors] [--min-duration D] [--max-duration D]
                                  most recent traces (with a span named O, of S when given), or the
                                  longest, biggest, most erroring first; D like 500ms or 1.5s
  trace ID                        one trace's spans as a tree, with their links (ID: any id form, or a unique prefix)
  logs [--trace ID] [--span ID] [--service S] [--search TEXT] [--limit N]
                                  logs, by trace, span, service or full text
  graph                           service dependency graph (edges with calls, errors, p50/p95/p99)
  compare --by ATTRIBUTE [--service S]
                                  an attribute's values side by side (p50/p95/p99, errors, rate, share), in words
  compare --errors | --min-duration D [--service S]
                                  BubbleUp: the attributes that set errors (or spans slower than D) apart
  diff TRACE_A TRACE_B            two traces merged on service:operation paths, largest time difference first
  flows                           entry operations with rate, errors, p50/p95/p99 and their critical path
  findings [--service S] [--trace ID]
                                  anti-patterns: N+1 queries/calls, sequential calls, slow queries, sleeps, retries
  loads [--limit N]               the ledger of imports, pulls and receive sessions (done, failed, interrupted)
  serve [--port N] [--no-demo]    browser mode on 127.0.0.1, with a per-run token in the printed URL
  serve --casefile FILE           browser mode on a casefile: offline evidence, read-only, with its journal
  serve --otlp [--otlp-port N]    also receive OTLP/HTTP traces and logs on 127.0.0.1:4318 (or N)
  serve --import-dir DIR          let the API import files under DIR by path (otherwise only uploads)
  source add NAME --kind K --url U [--token-env VAR | --user U --password-env VAR | --secret-stdin]
         [--header-env NAME=VAR]... [--header NAME --secret-stdin]
         [--tenant T] [--ca FILE] [--insecure] [--timeout MS]
                                  add or replace a live source (jaeger, tempo, zipkin, loki, elasticsearch, opensearch,
                                  prometheus)
    jaeger:  --api v1|v3          query API version (default v1; --api-version is the same flag)
    tempo:   --api v1|v2          trace-by-id API (default v2; v1 for Tempo before 2.5)
    loki:    --derived-field TARGET:FROM:KEY (repeatable; TARGET trace|span, FROM metadata|label|json|regex,
               e.g. 'trace:regex:traceID=(\\w+)'; replaces the defaults, 'defaults' puts them at that place)
             --service-label L    (repeatable) labels naming the service, first present wins (default
                                  service_name, service, app, job)
    elasticsearch, opensearch: --index PATTERN (default logs-*)   --span-index PATTERN (Jaeger span indices for
             fleet, default jaeger-span-*)
             --field NAME=FIELD   (repeatable) NAME trace|span|service|level|timestamp|message; ECS names by default
    prometheus: --span-metrics otel-collector|tempo (who wrote them; default otel-collector: traces_span_metrics_*)
             --calls-metric M --latency-metric M --latency-unit s|ms --service-label L   (override the names)
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
  pull --exemplars --service S [--edge CALLER:CALLEE] --source NAME [--refresh]
                                  a fleet suspect's evidence from a trace source: its slowest and failing requests
                                  after the change and normal ones before it, over the newest fleet answer's window
  fleet [--since 1h | --from T --to T] [--source NAME]... [--buckets N] [--refresh] [--series]
                                  ask Prometheus sources (span metrics; by default every one) or named Elasticsearch/
                                  OpenSearch (Jaeger span indices), Loki (log and error lines) and Jaeger (monitor
                                  API) sources for rate,
                                  errors and p50/p95/p99 per service (and edge) over N buckets (default 60), cached,
                                  then rank the services that changed
  case save --out FILE.casefile [--traces ID,...] [--from T --to T] [--all-in-window] [--title T] [--author A]
                                  save a casefile from the cache: the traces given and every trace of the window
                                  with their logs; --all-in-window also every log line of the window (T: ISO or ns)
  case info FILE                  a casefile's format, author, times, counts, windows and sources
  case report FILE --html OUT.html | --md OUT.md [--redact RULES.json]
                                  the report: conclusion, timeline, notes, pinned evidence drawn as SVG
  case merge BASE OTHER --out MERGED.casefile
                                  two casefiles of one incident as one: the union of their evidence, both journals
                                  under their authors (neither input is changed)
  case export FILE --out COPY.casefile --redact RULES.json [--dry-run]
                                  a redacted copy (attribute keys and regexes → stable keyed hashes)
  analyze [--from T --to T] [--symptom SERVICE[:OPERATION] | --symptom FROM->TO | --errors | --latency]
          [--baseline-from T --baseline-to T]
                                  rank root-cause suspects with evidence and blast radius (T: ISO time or epoch ns;
                                  default: everything cached, errors and latency alike)
  slo add NAME --service S [--operation O] (--threshold D --target P | --availability P [--bad B]) [--period 28d]
                                  a service-level objective on a flow; B is error (default), http-5xx, KEY=VALUE
                                  or KEY!=VALUE; P a percentage (99.9)
  slo list | remove NAME | status [NAME...] [--start ISO --end ISO]
                                  SLOs; status: compliance, error budget left, burn rate, multi-window alerts
  canary --service S [--by ATTRIBUTE] [--baseline VALUE] [--start ISO --end ISO]
                                  compare a service's versions (or any attribute's values): rollback, promote or
                                  inconclusive, with the statistics behind it

Options for every command:
  --db PATH                       the cache file (default: $CASEFILE_DB or the app's data folder); only import, serve,
                                  pull and source add create one, and only in a folder that exists; the read
                                  commands (services, traces, trace, logs, graph) also take a casefile, read-only
  --json                          machine-readable output (stable; for scripts)
  --help, -h                      this help, or one command's (casefile traces --help)
  --version                       the version of Casefile
`;

/** The lines of USAGE about one command (its blocks start with "  NAME"), for its own --help and usage errors. */
export function commandUsage(name: string): string {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of USAGE.split('\n')) {
    if (/^ {2}\S/.test(line)) {
      current = line.startsWith(`  ${name} `) || line === `  ${name}` ? [] : null;
      if (current !== null) blocks.push(current);
    } else if (!line.startsWith('   ')) current = null;
    current?.push(line);
  }
  const lines = blocks.flat();
  if (lines.length === 0) return USAGE;
  return `Usage: casefile ${name} [options]\n\n${lines.join('\n')}\n\nOptions for every command: --db PATH, --json, --help (casefile --help lists every command)\n`;
}

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
