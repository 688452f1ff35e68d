import type { Db } from '../db/open-database.js';
import type { ArrivedGraph } from './arrived-graph.js';
import { ArrivingTrace, type Arriving } from './arriving-trace.js';
import type { RowWriter } from './row-writer.js';

/**
 * A write still in its transaction (an import, a pull), as the views may read it before it commits: its biggest
 * trace so far (read from the write connection, the only one that sees its rows) and what it adds to the graph.
 */
export class ArrivingWrite {
  private trace: ArrivingTrace | null = null;
  /** The last span rowid before the write began: its own rows come after. */
  private readonly arrivedAfter: number;

  constructor(
    private readonly writeDb: Db,
    private readonly writer: RowWriter,
    private readonly from: 'import' | 'pull',
  ) {
    this.arrivedAfter = writeDb.prepare('SELECT coalesce(max(rowid), 0) FROM spans').pluck().get() as number;
  }

  /** The trace this write has stored most spans of so far. */
  biggest(): { traceId: string; spans: number } | null {
    return this.writer.arriving();
  }

  /** What the waterfall shows of `traceId`, if it is this write's biggest trace so far. */
  arriving(traceId: string): Arriving | null {
    const biggest = this.writer.arriving();
    if (biggest?.traceId !== traceId) return null;
    if (this.trace?.traceId !== traceId) this.trace = new ArrivingTrace(this.writeDb, traceId, this.arrivedAfter, this.from);
    return this.trace.current(biggest.spans);
  }

  /** The write connection, when `traceId` is this write's biggest trace (its spans' details are readable there). */
  dbOf(traceId: string): Db | null {
    return this.writer.arriving()?.traceId === traceId ? this.writeDb : null;
  }

  graph(): ArrivedGraph {
    return { ...this.writer.arrivedGraph(), from: this.from };
  }
}

/** Traces a write was bringing when it stopped without committing (cancelled or failed), with the reason: a waterfall still watching one says why it is gone. */
export class StoppedWrites {
  private readonly reasons = new Map<string, string>();

  constructor(private readonly from: 'import' | 'pull') {}

  remember(write: ArrivingWrite | null, reason: string): void {
    const traceId = write?.biggest()?.traceId;
    if (traceId === undefined) return;
    this.reasons.set(traceId, reason);
    // A few are enough: the ones a waterfall may still be watching.
    if (this.reasons.size > 100) this.reasons.delete(this.reasons.keys().next().value!);
  }

  /** Why `traceId` is not in the cache, in words, if a write of this kind stopped while bringing it. */
  why(traceId: string): string | null {
    const reason = this.reasons.get(traceId);
    if (reason === undefined) return null;
    const kept = this.from === 'import' ? 'an import keeps nothing of a file' : 'a pull keeps nothing of an answer';
    return `the ${this.from} bringing it stopped (${reason}), and ${kept} it does not finish`;
  }
}
