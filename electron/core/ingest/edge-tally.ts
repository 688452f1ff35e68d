import { addBucket, addEncodedBuckets, encodeBuckets, type LatencyBuckets } from '../../../shared/latency-buckets.js';
import type { SpanEdge } from '../../../shared/service-graph-rules.js';
import type { Db } from '../db/open-database.js';
import type { EdgeMinuteRow } from './arrived-graph.js';

interface EdgeMinute {
  minute: number;
  source: string;
  target: string;
  mode: 'sync' | 'async';
  leaf: EdgeLeaf;
  leafSystem: string | null;
  calls: number;
  errors: number;
  latency: LatencyBuckets;
}

/**
 * What a write adds to (or, with sign -1, takes from) edge_minutes, per minute and edge, merged into the table at
 * flush inside the writer's transaction: the graph's summaries stay exactly those of the rows committed with them.
 */
export class EdgeTally {
  private readonly tallies = new Map<string, EdgeMinute>();

  get size(): number {
    return this.tallies.size;
  }

  add(minute: number, edge: SpanEdge, isError: boolean, bucket: number, sign: 1 | -1 = 1): void {
    const leaf = leafOf(edge);
    const key = `${minute}\u0000${edge.source}\u0000${edge.target}\u0000${edge.mode}\u0000${leaf}`;
    let t = this.tallies.get(key);
    if (t === undefined) {
      t = { minute, source: edge.source, target: edge.target, mode: edge.mode, leaf, leafSystem: edge.leaf?.system ?? null, calls: 0, errors: 0, latency: new Map() };
      this.tallies.set(key, t);
    }
    t.calls += sign;
    if (isError) t.errors += sign;
    addBucket(t.latency, bucket, sign);
  }

  /** The tallies so far as edge_minutes rows (a write in progress only adds, so each is a whole row's worth to add). */
  rows(): EdgeMinuteRow[] {
    const rows: EdgeMinuteRow[] = [];
    for (const t of this.tallies.values()) {
      if (t.calls > 0) rows.push([t.minute, t.source, t.target, t.mode, t.leaf, t.leafSystem, t.calls, t.errors, encodeBuckets(t.latency)]);
    }
    return rows;
  }

  flush(db: Db): void {
    if (this.tallies.size === 0) return;
    const read = db.prepare(
      'SELECT calls, errors, leaf_system, latency FROM edge_minutes WHERE minute = ? AND source = ? AND target = ? AND mode = ? AND leaf = ?',
    );
    const write = db.prepare(
      `INSERT OR REPLACE INTO edge_minutes (minute, source, target, mode, leaf, leaf_system, calls, errors, latency)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const remove = db.prepare('DELETE FROM edge_minutes WHERE minute = ? AND source = ? AND target = ? AND mode = ? AND leaf = ?');
    for (const t of this.tallies.values()) {
      if (t.calls === 0 && t.latency.size === 0) continue;
      const key = [t.minute, t.source, t.target, t.mode, t.leaf] as const;
      const before = read.get(...key) as { calls: number; errors: number; leaf_system: string | null; latency: Uint8Array } | undefined;
      if (before !== undefined) addEncodedBuckets(t.latency, before.latency);
      const calls = t.calls + (before?.calls ?? 0);
      if (calls <= 0) remove.run(...key);
      else write.run(...key, before?.leaf_system ?? t.leafSystem, calls, t.errors + (before?.errors ?? 0), encodeBuckets(t.latency));
    }
    this.tallies.clear();
  }
}

/** edge_minutes.leaf: what the edge reaches (see migration 20). */
export type EdgeLeaf = '' | 'database' | 'external' | 'producer' | 'consumer';

export function leafOf(edge: SpanEdge): EdgeLeaf {
  if (edge.leaf === null || edge.leaf.type === 'service') return '';
  if (edge.leaf.type === 'messaging') return edge.leaf.id === edge.target ? 'producer' : 'consumer';
  return edge.leaf.type;
}
