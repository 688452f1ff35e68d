import type { Span } from '../../shared/model.js';
import { buildSpanTree, columnsFromSpans } from '../../shared/trace/span-tree.js';
import { treeRows } from '../../shared/trace/tree-rows.js';
import { UsageError, type CommandContext } from './commands.js';
import { duration, printJson, printTable } from './output.js';
import { resolveTraceRef } from './trace-ref.js';

/**
 * `casefile trace ID`: the spans as the waterfall shows them, depth-first with each child under its parent (the same
 * tree code), offsets from the trace's start, and each span's links.
 */
export async function trace({ core, args, json }: CommandContext): Promise<void> {
  const ref = args[0];
  if (ref === undefined) throw new UsageError('trace needs a trace id: casefile trace ID');
  const traceId = await resolveTraceRef(core, ref);
  if (traceId === null) {
    const short = /^[0-9a-f]{1,3}$/i.test(ref) ? ' (an id prefix needs at least 4 hex characters)' : '';
    throw new Error(`trace ${ref} is not in the cache${short}`);
  }
  const detail = await core.handlers.getTrace({ traceId, maxSpans: 1_000_000 });
  if (json) return printJson(detail);
  printTable(['OFFSET', 'DURATION', 'SERVICE', 'SPAN', 'LINKS', 'STATUS'], spanTreeRows(detail.spans));
}

export function spanTreeRows(spans: readonly Span[]): string[][] {
  const { columns } = columnsFromSpans(spans);
  const tree = buildSpanTree(columns);
  const rows = treeRows(tree);
  return Array.from(rows.nodes, (node) => {
    const span = spans[node]!;
    return [
      duration(columns.starts[node]!),
      duration(columns.ends[node]! - columns.starts[node]!),
      span.service,
      `${'  '.repeat(tree.depth[node]!)}${span.name} (${span.spanId})`,
      span.links.map((link) => (link.traceId === span.traceId ? `→ ${link.spanId}` : `→ ${link.traceId}/${link.spanId}`)).join(' '),
      span.statusCode === 'error' ? `ERROR ${span.statusMessage}` : '',
    ];
  });
}
