import type { LogRecord } from '../../shared/model.js';
import type { PullJob } from '../../shared/source-pulls.js';
import { duration, isoTime, printTable } from './output.js';

/** The plain-text answer of a finished `casefile pull`: where it came from, then the traces or the log lines. */
export function printPulled(done: PullJob): void {
  const when = done.fetchedAt === null ? '' : new Date(done.fetchedAt).toISOString();
  const found =
    done.what === 'logs'
      ? `${done.logs.length} log line(s)`
      : done.what === 'dependencies'
        ? `${done.dependencies.length} dependency edge(s) between ${servicesOf(done).size} service(s)`
        : `${done.traces.length} trace(s), ${done.spansSeen} span(s)`;
  process.stdout.write(
    done.cached
      ? `from the cache: fetched from ${done.source} at ${when} (use --refresh to ask the source again)\n`
      : `pulled from ${done.source}: ${found}, ${done.bytes} bytes in ${done.requests} request(s)\n`,
  );
  // Before the rows, so a partial trace is never read as whole; stdout, since the pull itself succeeded.
  for (const warning of done.warnings) process.stdout.write(`warning: ${warning}\n`);
  if (done.what === 'logs') return printLogLines(done.logs);
  if (done.what === 'dependencies') return printDependencies(done);
  printTable(
    ['TRACE ID', 'START (UTC)', 'DURATION', 'SPANS', 'ERRORS', 'ROOT'],
    done.traces.map((t) => [t.traceId, isoTime(t.startNs), duration(t.durationNs), t.spanCount, t.errorCount, `${t.rootService ?? '?'}: ${t.rootName ?? '?'}`]),
  );
}

/** The edges busiest first, under the window they cover (`casefile graph` shows them merged with the spans'). */
function printDependencies(done: PullJob): void {
  if (done.window !== null) process.stdout.write(`window ${isoTime(done.window.startNs)} – ${isoTime(done.window.endNs)}\n`);
  printTable(
    ['PARENT', 'CHILD', 'CALLS', 'ERRORS'],
    done.dependencies.map((d) => [d.parent, d.child, d.callCount, d.errorCount ?? '-']),
  );
}

function servicesOf(done: PullJob): Set<string> {
  return new Set(done.dependencies.flatMap((d) => [d.parent, d.child]));
}

/** One log line per record (time, level, service, ids), its body indented below, as `casefile logs` prints them. */
export function printLogLines(logs: LogRecord[]): void {
  for (const log of logs) {
    const ids = log.traceId === null ? '' : ` trace=${log.traceId}${log.spanId === null ? '' : ` span=${log.spanId}`}`;
    process.stdout.write(`${isoTime(log.timeNs)} ${(log.severityText || String(log.severityNumber)).padEnd(5)} ${log.service}${ids}\n  ${log.body.replace(/\n/g, '\n  ')}\n`);
  }
}
