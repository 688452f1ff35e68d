import { isBad, isSloEvent, samplingWeight } from '../../../shared/slo/classify.js';
import type { SloDefinition } from '../../../shared/slo/types.js';
import type { Attributes } from '../../../shared/model.js';
import type { Db } from '../db/open-database.js';

const MINUTE_NS = 60_000_000_000n;

/** A span as SLO tallies need it: the cache's own column values. */
export interface SloSpan {
  service: string;
  name: string;
  kind: number;
  hasParent: boolean;
  startNs: bigint;
  endNs: bigint;
  statusCode: number;
  /** The attributes column (JSON text), parsed only when a definition or a sampler tag needs it. */
  attributes: string;
  /** The W3C tracestate column: OpenTelemetry's sampling threshold, when the span was sampled by probability. */
  traceState?: string | null;
}

interface Tally {
  slo: string;
  minute: bigint;
  total: number;
  bad: number;
  weighted: number;
}

/**
 * Good and bad events per SLO and minute, tallied span by span and merged into slo_minutes at flush. The writer
 * feeds it every span it stores; saving an SLO feeds it the service's cached spans. One classification for both, so
 * the counts kept as data arrives are those a recount would give.
 */
export class SloMinutes {
  private readonly byService = new Map<string, SloDefinition[]>();
  private readonly tallies = new Map<string, Tally>();

  constructor(slos: SloDefinition[]) {
    for (const slo of slos) {
      const list = this.byService.get(slo.service) ?? [];
      list.push(slo);
      this.byService.set(slo.service, list);
    }
  }

  /** The SLOs stored in the cache. */
  static load(db: Db): SloMinutes {
    const rows = db.prepare('SELECT definition FROM slos').pluck().all() as string[];
    return new SloMinutes(rows.map((text) => JSON.parse(text) as SloDefinition));
  }

  get empty(): boolean {
    return this.byService.size === 0;
  }

  span(span: SloSpan): void {
    const slos = this.byService.get(span.service);
    if (slos === undefined || !isSloEvent(span.kind, span.hasParent)) return;
    let parsed: Attributes | undefined;
    const attributes = () => (parsed ??= JSON.parse(span.attributes) as Attributes);
    // Sampler tags are rare: look for them in the text before parsing it.
    const weight = span.attributes.includes('ampl') || span.traceState ? samplingWeight(span.attributes.includes('ampl') ? attributes() : {}, span.traceState) : 1;
    const durationNs = Number(span.endNs - span.startNs);
    for (const slo of slos) {
      if (slo.operation !== undefined && slo.operation !== span.name) continue;
      const minute = span.startNs / MINUTE_NS;
      const key = `${slo.name}\u0000${minute}`;
      let t = this.tallies.get(key);
      if (t === undefined) {
        t = { slo: slo.name, minute, total: 0, bad: 0, weighted: 0 };
        this.tallies.set(key, t);
      }
      t.total += weight;
      if (isBad(slo, { durationNs, statusCode: span.statusCode, attributes })) t.bad += weight;
      if (weight !== 1) t.weighted = 1;
    }
  }

  flush(db: Db): void {
    if (this.tallies.size === 0) return;
    const upsert = db.prepare(
      `INSERT INTO slo_minutes (slo, minute, total, bad, weighted) VALUES (@slo, @minute, @total, @bad, @weighted)
       ON CONFLICT (slo, minute) DO UPDATE SET total = total + excluded.total, bad = bad + excluded.bad,
         weighted = max(weighted, excluded.weighted)`,
    );
    for (const t of this.tallies.values()) upsert.run(t);
    this.tallies.clear();
  }
}
