/**
 * Connectors: how Casefile talks to one kind of backend (Jaeger, Tempo, Zipkin, Loki, Elasticsearch/OpenSearch).
 *
 * HOW TO ADD A CONNECTOR
 * 1. Config: the kind is in SOURCE_KINDS (shared/sources.ts); its per-kind `options` schema lives there too.
 * 2. Write electron/core/sources/<kind>.ts exporting a `ConnectorFactory<'<kind>'>`: `(setup) => SourceConnector`.
 *    `setup.config` is the validated config of that kind, `setup.http` its SourceHttpClient, `setup.tempFile(name)`
 *    a path in a temp folder that is deleted after the pull.
 * 3. Register it with ONE line in connectors.ts (`CONNECTORS`). The contract calls, the CLI, the pull-through cache
 *    and Test connection then work for the kind with no other change.
 * 4. Rules for the methods below:
 *    - Make every request through `setup.http` (json() for small answers, download() for big trace bodies). It adds
 *      auth, tenant (X-Scope-OrgID), TLS, the timeout and cancel signal, the size cap, the JSON content check and the
 *      bounded retries, and turns every failure into a SourceError naming the source and the request with secrets
 *      redacted. Put path parameters through encodeURIComponent.
 *    - Never write to the database. Push results into `out`: a downloaded body in a format the importer reads
 *      (Jaeger JSON, Zipkin v2, OTLP/Tempo, Jaeger api_v3) with `out.spanFile({ file, request, complete }, ['jaeger-json'])` — it is parsed
 *      on the importer's worker thread; records you parse yourself (logs, small answers) into `out.records` with the
 *      parsers of shared/formats/ (jaegerTrace, createZipkinParser, otlpResourceSpans, otlpResourceLogs…), so a pull
 *      and a file import of the same data give identical rows. pull.ts writes it all in ONE transaction once every
 *      request has answered (a body still downloading is written as it arrives, inside that transaction): a failure
 *      anywhere caches nothing.
 *    - An answer of the wrong shape (another product's JSON, an error object) is
 *      `throw setup.http.error('response', request, 'answered with … instead of …')`.
 *    - Map each TraceQuery/LogQuery field the backend supports, in the backend's own units (µs, ms, Go durations,
 *      RFC 3339, ns…); a field it cannot honour is refused with `setup.http.error('config', null, '… is not supported')`
 *      rather than silently dropped. Page within the backend's limits and stop at `query.limit`.
 *    - Check `options.signal` between pages; the HTTP client already aborts requests when it fires.
 * 5. Test against a loopback server answering on the real API paths with the samples in fixtures/upstream/,
 *    checking the parameters the way the backend reads them and injecting faults (see jaeger.test.ts and
 *    test-support/loopback-server.ts).
 */
import type { BrowsedTag, BrowsedValue } from '../../../shared/query-fragments.js';
import type { FleetAggregates, FleetQuery } from '../../../shared/fleet/types.js';
import type { LogQuery, TraceQuery } from '../../../shared/source-pulls.js';
import type { SourceConfigOf, SourceKind } from '../../../shared/sources.js';
import type { RecordSink } from '../../../shared/formats/records.js';
import type { FormatName } from '../ingest/format-router.js';
import type { SourceHttpClient } from './http-client.js';

export interface ConnectorSetup<K extends SourceKind = SourceKind> {
  config: SourceConfigOf<K>;
  http: SourceHttpClient;
  /** A fresh path for a downloaded body; the folder is deleted when the pull ends. */
  tempFile(name: string): string;
}

/** The window a question covers, resolved once by the framework (a lookback becomes start/end at pull time). */
export interface TimeWindow {
  startNs: bigint;
  endNs: bigint;
}

export interface CallOptions {
  signal: AbortSignal;
}

/** A browse request (tags, values) covers a window too: backends index tags per block or per stream and time. */
export interface BrowseOptions extends CallOptions {
  window: TimeWindow;
}

/** A downloaded body (see PullOutput.spanFile). */
export interface SpanFileBody {
  file: string;
  request: string;
  complete: Promise<number>;
}

/** Where a connector puts what it pulled; nothing reaches the cache until the whole pull succeeded. */
export interface PullOutput {
  readonly records: RecordSink;
  /**
   * A body saved by `http.download(path, file)`, holding spans in one of `formats` (anything else in it fails the
   * pull). `request` is the download's `request` (how errors name it); `complete` its `complete`: the file is parsed
   * as it grows, and is whole when that resolves (a rejection fails the pull with its error).
   */
  spanFile(body: SpanFileBody, formats: readonly FormatName[]): void;
  /**
   * A caveat about an answer that is still cached, e.g. Tempo cut a trace at its size limit. Kept in the ledger with
   * the answer, shown with the pull (`PullJob.warnings`) and, with `traceId`, on that trace's waterfall.
   */
  warn(message: string, traceId?: string): void;
  /** A fleet answer (aggregate kinds), written with the ledger entry in the pull's one transaction. */
  aggregates(answer: FleetAggregates): void;
}

export interface Dependency {
  parent: string;
  child: string;
  callCount: number;
  /** Failed calls, when the backend counts them (Zipkin); null when it does not (Jaeger). */
  errorCount: number | null;
}

export interface SourceConnector {
  /**
   * The API check of Test connection: one cheap request that this kind of backend answers in a recognisable way.
   * Returns what it found ("Jaeger query API v1: 12 services"); throws SourceError (401/403 → 'auth', wrong shape or
   * HTML → 'response', 404 → 'not-found').
   */
  check(options: CallOptions): Promise<string>;
  listServices(options: CallOptions): Promise<string[]>;
  listOperations(service: string, options: CallOptions): Promise<string[]>;
  /** Trace kinds: the traces matching the question, whole, into `out`. */
  searchTraces?(query: TraceQuery, window: TimeWindow, out: PullOutput, options: CallOptions): Promise<void>;
  /** Trace kinds: one trace by canonical id (32 lowercase hex); false when this source does not have it. */
  getTrace?(traceId: string, out: PullOutput, options: CallOptions): Promise<boolean>;
  /** Log kinds: the logs matching the question, up to `query.limit`, into `out.records`. */
  searchLogs?(query: LogQuery, window: TimeWindow, out: PullOutput, options: CallOptions): Promise<void>;
  /**
   * Service dependencies the backend computed, when it offers them; checked with dependencyLinks (dependency-links.ts).
   * pull.ts writes them with the ledger entry in one transaction, like spans.
   */
  dependencies?(window: TimeWindow, options: CallOptions): Promise<Dependency[]>;
  /**
   * Aggregate kinds: rates, error rates and latency percentiles per service and per edge over `query.buckets` equal
   * buckets of the window, computed by the backend over everything it saw, into `out.aggregates`.
   */
  aggregates?(query: FleetQuery, window: TimeWindow, out: PullOutput, options: CallOptions): Promise<void>;
  /**
   * Browsing, for the search forms' tag picker (Tempo's tags, Loki's labels): the names seen in `options.window`,
   * with the scope Tempo v2 gives (null when the backend has none). Asked live and never cached. A wrong-shaped answer
   * is `setup.http.error('response', …)`. Kinds without it are refused by the contract call, naming the source.
   */
  listTags?(options: BrowseOptions): Promise<BrowsedTag[]>;
  /** Browsing: the values of one tag as listTags named it, seen in the window; typed when the backend types them (Tempo v2). */
  listTagValues?(tag: BrowsedTag, options: BrowseOptions): Promise<BrowsedValue[]>;
}

export type ConnectorFactory<K extends SourceKind = SourceKind> = (setup: ConnectorSetup<K>) => SourceConnector;
