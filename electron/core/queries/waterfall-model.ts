import { adjustClockSkew, type SkewAdjustment } from '../../../shared/trace/clock-skew.js';
import { criticalPath, type CriticalPath } from '../../../shared/trace/critical-path.js';
import { spanLabels } from '../../../shared/trace/sibling-groups.js';
import { buildSpanTree, type SpanTree } from '../../../shared/trace/span-tree.js';
import { treeRows, type TreeRows } from '../../../shared/trace/tree-rows.js';
import type { Db } from '../db/open-database.js';
import { readTraceColumns, type TraceColumns } from './trace-columns.js';

/**
 * A trace prepared for the waterfall and kept between calls: scrolling asks for a window of rows many times a
 * second, and rebuilding a 1M-span tree each time would take a second per window. Derived views (skew, critical
 * path, the expanded order) are computed on first use.
 */
export class WaterfallModel {
  private skew: SkewAdjustment | null = null;
  private readonly paths = new Map<boolean, CriticalPath>();
  private fullRows: TreeRows | null = null;
  private labels: Int32Array | null = null;

  constructor(
    readonly traceId: string,
    readonly columns: TraceColumns,
    readonly tree: SpanTree,
    /** The trace's span count in the cache when read: a later import makes the model stale. */
    readonly storedCount: number,
  ) {}

  timing(adjustSkew: boolean): { starts: Float64Array; ends: Float64Array; delta: Float64Array | null } {
    if (!adjustSkew) return { starts: this.columns.starts, ends: this.columns.ends, delta: null };
    const skew = this.skewAdjustment();
    return { starts: skew.starts, ends: skew.ends, delta: skew.delta };
  }

  skewAdjustment(): SkewAdjustment {
    this.skew ??= adjustClockSkew(this.tree);
    return this.skew;
  }

  criticalPath(adjustSkew: boolean): CriticalPath {
    let path = this.paths.get(adjustSkew);
    if (path === undefined) {
      path = criticalPath(this.tree, this.timing(adjustSkew));
      this.paths.set(adjustSkew, path);
    }
    return path;
  }

  /** Equal for spans of one service, name and kind: runs of them among siblings show as one group row. */
  groupLabels(): Int32Array {
    this.labels ??= spanLabels(this.columns.count, this.columns.serviceOf, this.columns.names, this.columns.kinds);
    return this.labels;
  }

  /** Every span in tree order, nothing collapsed: the minimap's order. */
  expandedRows(): TreeRows {
    this.fullRows ??= treeRows(this.tree);
    return this.fullRows;
  }

  /** Laid-out views by their state, the most recent last (see waterfall-view.ts). */
  readonly views = new Map<string, unknown>();
}

const MAX_MODELS = 3;

/** The few traces open most recently (a waterfall and the one a link jumped to), least recent evicted first. */
export class WaterfallModels {
  private readonly models = new Map<string, WaterfallModel>();

  constructor(private readonly db: Db) {}

  get(traceId: string): WaterfallModel | null {
    const stored = this.storedCount(traceId);
    const cached = this.models.get(traceId);
    if (cached !== undefined && cached.storedCount === stored) {
      this.models.delete(traceId);
      this.models.set(traceId, cached);
      return cached;
    }
    this.models.delete(traceId);
    const columns = readTraceColumns(this.db, traceId);
    if (columns === null) return null;
    const model = new WaterfallModel(traceId, columns, buildSpanTree(columns), stored);
    this.models.set(traceId, model);
    while (this.models.size > MAX_MODELS) this.models.delete(this.models.keys().next().value!);
    return model;
  }

  private storedCount(traceId: string): number {
    const count = this.db.prepare('SELECT span_count FROM traces WHERE trace_id = ?').pluck().get(traceId) as number | undefined;
    return count ?? -1;
  }
}

const modelsByDb = new WeakMap<Db, WaterfallModels>();

/** One model cache per connection: a first look built in process leaves its model for the waterfall's next calls. */
export function modelsFor(db: Db): WaterfallModels {
  let models = modelsByDb.get(db);
  if (models === undefined) {
    models = new WaterfallModels(db);
    modelsByDb.set(db, models);
  }
  return models;
}
