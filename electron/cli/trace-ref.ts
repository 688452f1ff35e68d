import type { NavCandidate } from '../../shared/nav-types.js';
import type { CommandContext } from './commands.js';
import { UsageError } from './commands.js';
import { isoTime } from './output.js';

type IdCandidate = Extract<NavCandidate, { kind: 'trace' | 'span' }>;

/**
 * The trace a command-line id names, read as the omnibox reads it (same resolveQuery call): any id form, a span id
 * (its trace), or a unique prefix of either. Several matches are a usage error listing them; none is null.
 */
export async function resolveTraceRef(core: CommandContext['core'], text: string): Promise<string | null> {
  const { candidates } = await core.handlers.resolveQuery({ text, limit: 20 });
  const ids = candidates.filter((c): c is IdCandidate => c.kind === 'trace' || c.kind === 'span');
  const exactTrace = ids.find((c) => c.kind === 'trace' && c.match === 'exact');
  if (exactTrace !== undefined) return exactTrace.traceId;
  const traces = new Set(ids.map((c) => c.traceId));
  if (traces.size === 1) return ids[0]!.traceId;
  if (traces.size === 0) return null;
  const lines = ids.map((c) => `  ${c.traceId}  ${describe(c)}`);
  throw new UsageError(`"${text}" matches ${ids.length} ids in ${traces.size} traces; give more of the id:\n${lines.join('\n')}`);
}

function describe(c: IdCandidate): string {
  if (c.kind === 'trace') return `trace, ${isoTime(c.startNs)}, ${c.spanCount} spans, ${c.rootService ?? '?'}: ${c.rootName ?? '?'}`;
  return `span ${c.spanId}, ${isoTime(c.startNs)}, ${c.service}: ${c.name}`;
}
