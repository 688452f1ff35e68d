import { parseArgs, type ParseArgsConfig } from 'node:util';
import { commandUsage, USAGE } from './usage.js';

/**
 * The command line, read strictly: a flag the command does not take, a stray argument or a missing value is a usage
 * error of one line naming it, followed by that command's own usage (not every command's).
 */
const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
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
  'import-dir': { type: 'string' },
  'max-expansion-ratio': { type: 'string' },
  'max-expanded-bytes': { type: 'string' },
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
  'span-index': { type: 'string' },
  field: { type: 'string', multiple: true },
  'span-metrics': { type: 'string' },
  'calls-metric': { type: 'string' },
  'latency-metric': { type: 'string' },
  'latency-unit': { type: 'string' },
  'header-env': { type: 'string', multiple: true },
  header: { type: 'string' },
  source: { type: 'string', multiple: true },
  operation: { type: 'string' },
  'min-duration': { type: 'string' },
  'max-duration': { type: 'string' },
  tag: { type: 'string', multiple: true },
  traceql: { type: 'string' },
  logs: { type: 'boolean' },
  dependencies: { type: 'boolean' },
  exemplars: { type: 'boolean' },
  edge: { type: 'string' },
  buckets: { type: 'string' },
  series: { type: 'boolean' },
  query: { type: 'string' },
  since: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  refresh: { type: 'boolean' },
  // case save / report / export, serve --casefile
  out: { type: 'string' },
  traces: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  'all-in-window': { type: 'boolean' },
  title: { type: 'string' },
  author: { type: 'string' },
  casefile: { type: 'string' },
  html: { type: 'string' },
  md: { type: 'string' },
  redact: { type: 'string' },
  'dry-run': { type: 'boolean' },
  // analyze
  symptom: { type: 'string' },
  latency: { type: 'boolean' },
  'baseline-from': { type: 'string' },
  'baseline-to': { type: 'string' },
  // slo / canary
  threshold: { type: 'string' },
  target: { type: 'string' },
  availability: { type: 'string' },
  bad: { type: 'string' },
  period: { type: 'string' },
  by: { type: 'string' },
  sort: { type: 'string' },
  baseline: { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Flag = keyof typeof OPTIONS;
const EVERY_COMMAND: Flag[] = ['db', 'json', 'help', 'version'];
const SOURCE_FLAGS: Flag[] = ['kind', 'url', 'token-env', 'user', 'password-env', 'secret-stdin', 'tenant', 'ca', 'insecure', 'timeout', 'api-version', 'api', 'derived-field', 'service-label', 'index', 'span-index', 'field', 'header-env', 'header', 'span-metrics', 'calls-metric', 'latency-metric', 'latency-unit'];
const PULL_FLAGS: Flag[] = ['source', 'service', 'operation', 'tag', 'min-duration', 'max-duration', 'traceql', 'trace', 'logs', 'dependencies', 'exemplars', 'edge', 'query', 'since', 'start', 'end', 'limit', 'refresh'];

/** Each command's own flags and how many positional arguments it takes ([min, max]). */
export const COMMAND_SPECS: Record<string, { flags: Flag[]; positionals: [number, number] }> = {
  import: { flags: ['max-expansion-ratio', 'max-expanded-bytes'], positionals: [0, Infinity] },
  loads: { flags: ['limit'], positionals: [0, 0] },
  services: { flags: [], positionals: [0, 0] },
  traces: { flags: ['service', 'operation', 'limit', 'errors', 'sort', 'min-duration', 'max-duration'], positionals: [0, 0] },
  trace: { flags: [], positionals: [0, 1] },
  logs: { flags: ['trace', 'span', 'service', 'search', 'limit'], positionals: [0, 0] },
  graph: { flags: [], positionals: [0, 0] },
  serve: { flags: ['port', 'no-demo', 'otlp', 'otlp-port', 'import-dir', 'casefile'], positionals: [0, 0] },
  case: { flags: ['out', 'traces', 'from', 'to', 'all-in-window', 'title', 'author', 'html', 'md', 'redact', 'dry-run'], positionals: [1, 3] },
  source: { flags: SOURCE_FLAGS, positionals: [0, 2] },
  pull: { flags: PULL_FLAGS, positionals: [0, 0] },
  fleet: { flags: ['source', 'since', 'from', 'to', 'buckets', 'refresh', 'series'], positionals: [0, 0] },
  analyze: { flags: ['from', 'to', 'symptom', 'errors', 'latency', 'baseline-from', 'baseline-to'], positionals: [0, 0] },
  slo: { flags: ['service', 'operation', 'threshold', 'target', 'availability', 'bad', 'period', 'start', 'end'], positionals: [1, Infinity] },
  canary: { flags: ['service', 'by', 'baseline', 'start', 'end'], positionals: [0, 0] },
  compare: { flags: ['by', 'service', 'errors', 'min-duration'], positionals: [0, 0] },
  diff: { flags: [], positionals: [2, 2] },
  flows: { flags: [], positionals: [0, 0] },
  findings: { flags: ['service', 'trace'], positionals: [0, 0] },
};

export type Values = Record<string, string | boolean | string[] | undefined>;
export type CommandLine =
  | { kind: 'run'; name: string; args: string[]; values: Values }
  | { kind: 'print'; text: string }
  | { kind: 'usage-error'; message: string; usage: string };

export function readCommandLine(argv: string[], version: string): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    const name = commandName(argv);
    return { kind: 'usage-error', message: parseErrorMessage(error as Error & { code?: string }), usage: name === undefined ? USAGE : commandUsage(name) };
  }
  const values = parsed.values as Values;
  const [name, ...args] = parsed.positionals;
  if (values.version === true) return { kind: 'print', text: `casefile ${version}\n` };
  if (name === undefined || name === 'help') {
    if (values.help === true || name === 'help') return { kind: 'print', text: args[0] !== undefined && args[0] in COMMAND_SPECS ? commandUsage(args[0]) : USAGE };
    return { kind: 'usage-error', message: 'no command given', usage: USAGE };
  }
  const spec = COMMAND_SPECS[name];
  if (spec === undefined) return { kind: 'usage-error', message: `unknown command "${name}"`, usage: USAGE };
  if (values.help === true) return { kind: 'print', text: commandUsage(name) };
  const foreign = Object.keys(values).find((flag) => !EVERY_COMMAND.includes(flag as Flag) && !spec.flags.includes(flag as Flag));
  if (foreign !== undefined) return { kind: 'usage-error', message: `${name} does not take --${foreign}`, usage: commandUsage(name) };
  const [min, max] = spec.positionals;
  if (args.length > max) {
    const extra = args.slice(max).map((a) => `"${a}"`).join(' ');
    return { kind: 'usage-error', message: `${name} takes ${max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`}; unexpected ${extra}`, usage: commandUsage(name) };
  }
  if (args.length < min) return { kind: 'usage-error', message: `${name} needs more arguments`, usage: commandUsage(name) };
  return { kind: 'run', name, args, values };
}

/** `--limit -5`: a value that starts with a dash but is no flag of ours is the value (parseArgs calls it ambiguous). */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    const option = token.startsWith('--') ? OPTIONS[token.slice(2) as Flag] : undefined;
    if (option?.type === 'string' && next !== undefined && next.startsWith('-') && next !== '--' && !isOurFlag(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

function isOurFlag(token: string): boolean {
  if (token === '-h') return true;
  return token.startsWith('--') && token.slice(2).split('=')[0]! in OPTIONS;
}

/** The command the user meant, for the usage printed with a parse error. */
function commandName(argv: string[]): string | undefined {
  const loose = parseArgs({ args: argv, allowPositionals: true, strict: false, options: OPTIONS });
  const name = loose.positionals[0];
  return name !== undefined && name in COMMAND_SPECS ? name : undefined;
}

/** Node's parseArgs messages, said in one line. */
function parseErrorMessage(error: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (/argument missing|ambiguous/.test(error.message)) return `${flag} needs a value`;
  if (/does not take an argument/.test(error.message)) return `${flag} takes no value`;
  return error.message.split('\n')[0]!;
}
