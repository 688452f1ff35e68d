import type { EdgeLeaf } from './edge-tally.js';

/** An edge_minutes row as the write would merge it: minute, source, target, mode, leaf, leaf_system, calls, errors, latency. */
export type EdgeMinuteRow = [number, string, string, 'sync' | 'async', EdgeLeaf, string | null, number, number, Uint8Array];

/** A service_minutes row's span counts: service, minute, spans, errors. */
export type ServiceSpanMinute = [string, number, number, number];

/**
 * What a running import or pull has stored so far, for the graph to show while it arrives: the writer's tallies before they
 * merge into the summaries at commit. Plain data (it crosses to the read thread). Edges whose ends have both arrived
 * are in; a child whose parent has not come yet, and traces the cache already had, are counted at commit.
 */
export interface ArrivedGraph {
  /** Spans stored so far, uncommitted. */
  spans: number;
  /** The kind of write (absent: an import). */
  from?: 'import' | 'pull';
  /**
   * The write's ledger row, finished in the write's own transaction: a read that sees it finished reads a cache the
   * write has committed to, whose summaries already hold these tallies.
   */
  loadId?: number | null;
  edges: EdgeMinuteRow[];
  services: ServiceSpanMinute[];
}
