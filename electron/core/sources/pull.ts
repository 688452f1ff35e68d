import { randomUUID } from 'node:crypto';
import type { FleetQuery } from '../../../shared/fleet/types.js';
import type { DependencyQuery, LogQuery, PullJob, TraceQuery } from '../../../shared/source-pulls.js';
import { TRACE_KINDS, missingSecrets } from '../../../shared/sources.js';
import type { Db } from '../db/open-database.js';
import type { ArrivedGraph } from '../ingest/arrived-graph.js';
import type { Arriving } from '../ingest/arriving-trace.js';
import { ArrivingWrite, StoppedWrites } from '../ingest/arriving-write.js';
import type { WriteQueue } from '../db/write-queue.js';
import type { CallOptions, SourceConnector, TimeWindow } from './connector.js';
import { hasConnector, openConnector } from './connectors.js';
import { getLoad } from '../queries/loads.js';
import type { HttpLimits } from './http-client.js';
import { PullCollector, type PullMeta } from './pull-collector.js';
import { dependencyWindow, pulledDependencies } from './dependency-ledger.js';
import { aggregatesKey, dependenciesKey, logsKey, traceKey, tracesKey } from './pull-key.js';
import { aggregatesSummary } from './aggregate-ledger.js';
import { findCachedPull, findCachedTrace, pulledLogs, pulledTraces, pullWarnings, recordPull, sourceNameOf, type CachedPull } from './pull-ledger.js';
import { redactError } from './redact.js';
import { secretValues } from './secret-store.js';
import { SourceError } from './source-error.js';
import type { SourceStore, StoredSource } from './source-store.js';

export type PullRequest =
  | { what: 'traces'; source: string; query: TraceQuery; refresh: boolean }
  | { what: 'trace'; traceId: string; source?: string; refresh: boolean }
  | { what: 'logs'; source: string; query: LogQuery; refresh: boolean }
  | { what: 'dependencies'; source: string; query: DependencyQuery; refresh: boolean }
  | { what: 'aggregates'; source: string; query: FleetQuery; refresh: boolean };

export interface PullDeps {
  db: Db;
  writeDb: Db;
  writes: WriteQueue;
  sources: SourceStore;
  limits?: Partial<HttpLimits>;
}

const DEFAULT_LOOKBACK_MS = 3600_000;
/** Finished jobs kept for the UI to read back; the oldest are forgotten past this. */
const KEEP_JOBS = 200;

/**
 * The pull-through cache. A question is answered from the cache when the ledger holds a successful pull of it
 * (`cached: true`, `fetchedAt`), unless `refresh`; otherwise the source is asked and the answer written in one
 * transaction (PullCollector). Pulls run as jobs: the network is async and big bodies are parsed on the importer's
 * worker, so nothing blocks; each job reports progress and can be cancelled.
 */
export class PullJobs {
  private readonly jobs = new Map<string, { job: PullJob; controller: AbortController; done: Promise<void> }>();
  /** The answer being written now (pulls write one at a time, through the write queue), as the views may watch it. */
  private writing: { job: PullJob; write: ArrivingWrite } | null = null;
  private readonly stopped = new StoppedWrites('pull');

  constructor(private readonly deps: PullDeps) {}

  start(request: PullRequest): PullJob {
    const job: PullJob = {
      id: randomUUID(),
      what: request.what,
      source: request.what === 'trace' ? (request.source ?? null) : request.source,
      target: targetOf(request),
      state: 'running',
      phase: 'queued',
      requests: 0,
      bytes: 0,
      spansSeen: 0,
      logsSeen: 0,
      cached: false,
      fetchedAt: null,
      traces: [],
      logs: [],
      error: null,
      errorStage: null,
      loadId: null,
      tried: [],
      warnings: [],
      dependencies: [],
      window: null,
      aggregates: null,
      arrivingTrace: null,
    };
    const controller = new AbortController();
    const done = this.run(job, request, controller.signal).catch((error: unknown) => {
      job.state = controller.signal.aborted ? 'cancelled' : 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      job.errorStage = error instanceof SourceError ? error.stage : controller.signal.aborted ? 'cancelled' : null;
    }).finally(() => {
      job.phase = 'finished';
    });
    this.jobs.set(job.id, { job, controller, done });
    this.forgetOld();
    return structuredClone(job);
  }

  get(id: string): PullJob | null {
    const entry = this.jobs.get(id);
    return entry === undefined ? null : structuredClone(entry.job);
  }

  cancel(id: string): PullJob | null {
    const entry = this.jobs.get(id);
    if (entry === undefined) return null;
    if (entry.job.state === 'running') entry.controller.abort(new Error('cancelled'));
    return structuredClone(entry.job);
  }

  /** Resolves with the job once it has finished (the CLI and tests wait on this). */
  async wait(id: string): Promise<PullJob | null> {
    const entry = this.jobs.get(id);
    if (entry === undefined) return null;
    await entry.done;
    return structuredClone(entry.job);
  }

  /** What the pull being written has stored of this trace, if it is its biggest so far (see ArrivingWrite). */
  arriving(traceId: string): Arriving | null {
    return this.writing?.write.arriving(traceId) ?? null;
  }

  /** The write connection, when `traceId` is the biggest trace of the pull being written. */
  arrivingDb(traceId: string): Db | null {
    return this.writing?.write.dbOf(traceId) ?? null;
  }

  /** Why a trace is not in the cache, when a pull that was writing it stopped without committing. */
  whyNotCached(traceId: string): string | null {
    return this.stopped.why(traceId);
  }

  /** What the pull being written has stored so far, for the graph (null when none is being written). */
  arrivedGraph(): ArrivedGraph | null {
    return this.writing?.write.graph() ?? null;
  }

  /** Cancels every running pull (closing the app): nothing half-pulled is kept. */
  abortAll(): void {
    for (const entry of this.jobs.values()) entry.controller.abort(new Error('cancelled'));
  }

  private async run(job: PullJob, request: PullRequest, signal: AbortSignal): Promise<void> {
    if (request.what === 'trace') return this.runTrace(job, request, signal);
    const source = await this.source(request.source);
    if (!request.refresh) {
      const cached = findCachedPull(this.deps.db, job.target, source.id);
      if (cached !== null) return this.answer(job, cached, true);
    }
    const window = resolveWindow(request.query);
    await this.fetch(job, source, signal, async (connector, out, options) => {
      if (request.what === 'traces') {
        if (connector.searchTraces === undefined) throw notSupported(source, 'trace search');
        return connector.searchTraces(request.query, window, out, options);
      }
      if (request.what === 'dependencies') {
        if (connector.dependencies === undefined) throw notSupported(source, 'dependencies (Jaeger and Zipkin sources compute them)');
        const edges = await connector.dependencies(window, options);
        return out.dependencies({ source: source.config.name, window, edges });
      }
      if (request.what === 'aggregates') {
        if (connector.aggregates === undefined) throw notSupported(source, 'fleet aggregates (Prometheus sources holding span metrics answer them)');
        return connector.aggregates(request.query, window, out, options);
      }
      if (connector.searchLogs === undefined) throw notSupported(source, 'log search');
      return connector.searchLogs(request.query, window, out, options);
    });
  }

  /** A trace from the named source, or from whichever configured trace source has it (in order; first hit wins). */
  private async runTrace(job: PullJob, request: Extract<PullRequest, { what: 'trace' }>, signal: AbortSignal): Promise<void> {
    const named = request.source === undefined ? null : await this.source(request.source);
    if (!request.refresh) {
      const cached = findCachedTrace(this.deps.db, request.traceId, named?.id ?? null);
      if (cached !== null) return this.answer(job, cached, true);
    }
    const candidates = named !== null ? [named] : (await this.deps.sources.all()).filter((s) => TRACE_KINDS.includes(s.config.kind) && hasConnector(s.config.kind));
    if (candidates.length === 0) throw new SourceError('(any)', 'config', null, 'no trace source is configured; add one with "casefile source add" or in Sources');
    for (const source of candidates) {
      if (signal.aborted) break;
      let found = false;
      try {
        await this.fetch(job, source, signal, async (connector, out, options) => {
          if (connector.getTrace === undefined) throw notSupported(source, 'fetching a trace by id');
          found = await connector.getTrace(request.traceId, out, options);
          // Nothing to record for a miss: the next source is asked.
          if (!found) throw new TraceMiss();
        });
      } catch (error) {
        if (error instanceof TraceMiss) {
          job.tried.push({ source: source.config.name, outcome: 'not found' });
          continue;
        }
        job.tried.push({ source: source.config.name, outcome: error instanceof Error ? error.message : String(error) });
        if (named !== null || signal.aborted) throw error;
        continue;
      }
      job.tried.push({ source: source.config.name, outcome: 'found' });
      job.source = source.config.name;
      return;
    }
    if (signal.aborted) throw new SourceError(named?.config.name ?? '(any)', 'cancelled', null, 'cancelled');
    const asked = job.tried.map((t) => `${t.source}: ${t.outcome}`).join('; ');
    throw new SourceError(named?.config.name ?? '(any)', 'not-found', null, `trace ${request.traceId} was not found (${asked})`);
  }

  /** Asks the source, then writes the whole answer in one transaction; a failure is recorded in the ledger. */
  private async fetch(
    job: PullJob,
    source: StoredSource,
    signal: AbortSignal,
    ask: (connector: SourceConnector, out: PullCollector, options: CallOptions) => Promise<void>,
  ): Promise<void> {
    const startedAt = Date.now();
    const secrets = await this.deps.sources.secrets.get(source.config.name);
    const missing = missingSecrets(source.config, secrets);
    if (missing.length > 0) throw new SourceError(source.config.name, 'config', null, `missing secret ${missing.join(', ')}; set it with "casefile source add" or in Sources`);
    // `bytes` keeps counting during the commit: a body is written as it downloads.
    const meta: PullMeta = { source: source.config.name, sourceId: source.id, target: job.target, startedAt, bytes: 0 };
    const open = openConnector(source.config, secrets, {
      limits: this.deps.limits,
      onBytes: (n) => {
        meta.bytes += n;
        job.bytes += n;
      },
      onRequest: () => job.requests++,
    });
    const collector = new PullCollector();
    try {
      job.phase = 'fetching';
      await ask(open.connector, collector, { signal });
      job.spansSeen = collector.recordsSeen.spans;
      job.logsSeen = collector.recordsSeen.logs;
      job.phase = 'writing';
      let committed;
      try {
        committed = await collector.commit(
          this.deps.writeDb,
          this.deps.writes,
          meta,
          signal,
          (spans) => {
            job.spansSeen = spans;
            job.arrivingTrace = this.writing?.write.biggest() ?? null;
          },
          (writer) => (this.writing = { job, write: new ArrivingWrite(this.deps.writeDb, writer, 'pull') }),
        );
      } catch (error) {
        const reason = signal.aborted ? `the pull from ${source.config.name} was cancelled` : error instanceof Error ? error.message : String(error);
        if (this.writing?.job === job) this.stopped.remember(this.writing.write, reason);
        throw error;
      } finally {
        if (this.writing?.job === job) this.writing = null;
        job.arrivingTrace = null;
      }
      job.logsSeen = committed.logsSeen;
      const fetchedAt = getLoad(this.deps.db, committed.loadId)?.finishedAt ?? Date.now();
      this.answer(job, { loadId: committed.loadId, sourceId: source.id, fetchedAt }, false);
    } catch (error) {
      redactError(error, secretValues(source.config, secrets));
      if (!(error instanceof TraceMiss)) await this.recordFailure(source, job.target, startedAt, meta.bytes, error, signal);
      throw error;
    } finally {
      open.close();
    }
  }

  private async recordFailure(source: StoredSource, target: string, startedAt: number, bytes: number, error: unknown, signal: AbortSignal): Promise<void> {
    const message = signal.aborted ? 'cancelled' : error instanceof Error ? error.message : String(error);
    await this.deps.writes.run(() =>
      recordPull(this.deps.writeDb, {
        sourceId: source.id,
        target,
        startedAt,
        status: 'failed',
        format: null,
        bytes,
        spansSeen: 0,
        spansAdded: 0,
        logsSeen: 0,
        logsAdded: 0,
        error: message,
      }),
    );
  }

  private answer(job: PullJob, pull: CachedPull, cached: boolean): void {
    job.cached = cached;
    job.fetchedAt = pull.fetchedAt;
    job.loadId = pull.loadId;
    job.source = sourceNameOf(this.deps.db, pull.sourceId) ?? job.source;
    const traces = pulledTraces(this.deps.db, pull.loadId);
    // A trace asked by id may have been answered by a search that found others too: show only the one asked for.
    job.traces = job.what === 'trace' ? traces.filter((t) => job.target === traceKey(t.traceId)) : traces;
    job.logs = job.what === 'logs' ? pulledLogs(this.deps.db, pull.loadId, 50_000) : [];
    // From the ledger, so an answer read back from the cache still says it is partial.
    job.warnings = pullWarnings(this.deps.db, pull.loadId, job.what === 'trace' ? (job.traces[0]?.traceId ?? '') : null);
    job.dependencies = job.what === 'dependencies' ? pulledDependencies(this.deps.db, pull.loadId) : [];
    job.window = job.what === 'dependencies' ? dependencyWindow(this.deps.db, pull.loadId) : null;
    if (job.what === 'aggregates') {
      const summary = aggregatesSummary(this.deps.db, pull.loadId);
      job.window = summary === null ? null : { startNs: summary.startNs, endNs: summary.endNs };
      job.aggregates = summary === null ? null : { buckets: summary.buckets, events: summary.events, series: summary.series };
    }
    if (cached) {
      job.spansSeen = job.traces.reduce((n, t) => n + t.spanCount, 0);
      job.logsSeen = job.logs.length;
    }
    job.state = 'done';
  }

  private async source(name: string): Promise<StoredSource> {
    const source = await this.deps.sources.get(name);
    if (source === null) throw new SourceError(name, 'config', null, 'no such source; see "casefile source list"');
    return source;
  }

  private forgetOld(): void {
    if (this.jobs.size <= KEEP_JOBS) return;
    for (const [id, entry] of this.jobs) {
      if (this.jobs.size <= KEEP_JOBS) break;
      if (entry.job.state !== 'running') this.jobs.delete(id);
    }
  }
}

class TraceMiss extends Error {}

/** The question's cache key (the ledger's target). */
function targetOf(request: PullRequest): string {
  switch (request.what) {
    case 'trace':
      return traceKey(request.traceId);
    case 'traces':
      return tracesKey(request.source, request.query);
    case 'logs':
      return logsKey(request.source, request.query);
    case 'dependencies':
      return dependenciesKey(request.source, request.query);
    case 'aggregates':
      return aggregatesKey(request.source, request.query);
  }
}

function notSupported(source: StoredSource, what: string): SourceError {
  return new SourceError(source.config.name, 'config', null, `${source.config.kind} sources do not support ${what}`);
}

/** A lookback becomes a fixed window now; without either, the last hour. */
export function resolveWindow(query: { startNs?: string; endNs?: string; lookbackMs?: number }, nowMs = Date.now()): TimeWindow {
  if (query.startNs !== undefined && query.endNs !== undefined) return { startNs: BigInt(query.startNs), endNs: BigInt(query.endNs) };
  const endNs = BigInt(nowMs) * 1_000_000n;
  return { startNs: endNs - BigInt(query.lookbackMs ?? DEFAULT_LOOKBACK_MS) * 1_000_000n, endNs };
}
