import { buildSpanTree } from '../../../shared/trace/span-tree.js';
import type { Db } from '../db/open-database.js';
import { readTraceColumns } from '../queries/trace-columns.js';
import { WaterfallModel } from '../queries/waterfall-model.js';

/** How many of an arriving trace's spans are laid out: its first screens, read in ~0.1 s. */
export const ARRIVING_SPANS = 20_000;
/** While spans keep coming the model is laid out again at most this often: each time costs the import its time. */
const RELAYOUT_MS = 1_000;

/** What the waterfall shows of a trace still being imported. */
export interface Arriving {
  model: WaterfallModel;
  /** The import's write connection: its own uncommitted rows are visible there, and nowhere else. */
  db: Db;
  /** Spans of the trace the write has stored so far, how many of them (the first to arrive) are laid out, and the write's kind. */
  arriving: { spans: number; shown: number; from: 'import' | 'pull' };
}

/**
 * A running import's biggest trace, read from the import's own transaction on the write connection (reads there see
 * its uncommitted rows; every other connection sees the cache as it was until the commit). Laid out from the first
 * ARRIVING_SPANS spans in arrival order; the whole trace opens from the cache once the import commits.
 */
export class ArrivingTrace {
  private model: WaterfallModel | null = null;
  private builtSpans = -1;
  private builtAt = 0;

  constructor(
    private readonly writeDb: Db,
    readonly traceId: string,
    /** The last span rowid before the import began. */
    private readonly arrivedAfter: number,
    private readonly from: 'import' | 'pull' = 'import',
  ) {}

  /** The model of what has arrived when `spans` of the trace are stored. */
  current(spans: number): Arriving | null {
    const stale = this.model === null || (spans !== this.builtSpans && this.builtSpans < ARRIVING_SPANS && performance.now() - this.builtAt >= RELAYOUT_MS);
    if (stale) {
      const columns = readTraceColumns(this.writeDb, this.traceId, ARRIVING_SPANS, this.arrivedAfter);
      if (columns === null) return null;
      this.model = new WaterfallModel(this.traceId, columns, buildSpanTree(columns), spans);
      this.builtSpans = columns.count;
      this.builtAt = performance.now();
    }
    return { model: this.model!, db: this.writeDb, arriving: { spans, shown: this.model!.columns.count, from: this.from } };
  }
}
