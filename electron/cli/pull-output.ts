import type { LogRecord } from '../../shared/model.js';
import type { PullJob } from '../../shared/source-pulls.js';
import { duration, isoTime, printTable } from './output.js';

/** The plain-text answer of a finished `casefile pull`: where it came from, then the traces or the log lines. */
export function printPulled(done: PullJob): void {
  const when = done.fetchedAt === null ? '' : new Date(done.fetchedAt).toISOString();
  const found = done.what === 'logs' ? `${done.logs.length} log line(s)` : `${done.traces.length} trace(s), ${done.spansSeen} span(s)`;
  process.stdout.write(
    done.cached
      ? `from the cache: fetched from ${done.source} at ${when} (use --refresh to ask the source again)\n`
      : `pulled from ${done.source}: ${found}, ${done.bytes} bytes in ${done.requests} request(s)\n`,
  );
  if (done.what === 'logs') return printLogLines(done.logs);
  printTable(
    ['TRACE ID', 'START (UTC)', 'DURATION', 'SPANS', 'ERRORS', 'ROOT'],
    done.traces.map((t) => [t.traceId, isoTime(t.startNs), duration(t.durationNs), t.spanCount, t.errorCount, `${t.rootService ?? '?'}: ${t.rootName ?? '?'}`]),
  );
}

/** One log line per record (time, level, service, ids), its body indented below, as `casefile logs` prints them. */
export function printLogLines(logs: LogRecord[]): void {
  for (const log of logs) {
    const ids = log.traceId === null ? '' : ` trace=${log.traceId}${log.spanId === null ? '' : ` span=${log.spanId}`}`;
    process.stdout.write(`${isoTime(log.timeNs)} ${(log.severityText || String(log.severityNumber)).padEnd(5)} ${log.service}${ids}\n  ${log.body.replace(/\n/g, '\n  ')}\n`);
  }
}
