import type { ExpansionLimits } from '../core/ingest/expansion-limits.js';
import type { CommandContext } from './commands.js';
import { UsageError } from './commands.js';
import { printJson } from './output.js';

/** `casefile import FILE...`: each file is one transaction; a failed file leaves the cache as it was. */
export async function importCommand({ core, args, options, json }: CommandContext): Promise<void> {
  if (args.length === 0) throw new UsageError('import needs at least one file: casefile import FILE...');
  const limits = {
    ...positive(options['max-expansion-ratio'], 'max-expansion-ratio', 'maxExpansionRatio'),
    ...positive(options['max-expanded-bytes'], 'max-expanded-bytes', 'maxExpandedBytes'),
  };
  const started = core.jobs.start(args.map((path) => path), undefined, limits);
  const progress = process.stderr.isTTY && !json ? setInterval(() => reportProgress(core, started.map((j) => j.id)), 500) : null;
  await core.jobs.idle();
  if (progress) clearInterval(progress);
  const jobs = started.map((job) => core.jobs.get(job.id)!);
  if (json) printJson(jobs);
  else {
    for (const job of jobs) {
      if (job.state !== 'done' || job.load === null) continue;
      const l = job.load;
      process.stdout.write(
        `${job.file}: ${l.format ?? 'unknown format'}, ${l.spansAdded} of ${l.spansSeen} spans and ${l.logsAdded} of ${l.logsSeen} logs added\n`,
      );
      // The file was imported; what it held that was mapped, merged or skipped is said right under it, as pull does.
      for (const warning of job.warnings) process.stdout.write(`warning: ${warning}\n`);
    }
  }
  const failed = jobs.filter((job) => job.state === 'failed');
  for (const job of failed) process.stderr.write(`casefile: import failed: ${job.error}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

function reportProgress(core: CommandContext['core'], ids: string[]): void {
  const running = ids.map((id) => core.jobs.get(id)).find((job) => job?.state === 'running');
  if (!running || running.totalBytes === null) return;
  const percent = Math.floor((100 * running.bytesRead) / Math.max(1, running.totalBytes));
  process.stderr.write(`\r${running.file}: ${percent}% (${running.spans} spans, ${running.logs} logs)   `);
}

/** A limit given on the command line, as the one-key object to spread into ExpansionLimits. */
function positive(value: CommandContext['options'][string], flag: string, key: keyof ExpansionLimits): Partial<ExpansionLimits> {
  if (value === undefined) return {};
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, got "${String(value)}"`);
  return { [key]: n };
}
