/**
 * Versioned schema. A migration is never edited once released: its text is hashed into `schema_migrations` and
 * opening a database whose applied migration differs from this list is an error, not a silent drift.
 *
 * Layout choices, with the reason for each:
 * - Natural keys (trace_id, span_id, resource hash) rather than foreign rowids, so a casefile can be built later by
 *   copying a subset of rows into another file without renumbering anything.
 * - Times are INTEGER nanoseconds (int64 covers 1677–2262); read back as BigInt, never as doubles.
 * - Resources are stored once per distinct attribute set; a batch of 10k spans shares one row.
 * - `traces` is a summary kept up to date on every write, so "recent traces" never scans the spans table.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'cache',
    sql: `
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);

-- The ledger: every import or pull, what it loaded, from where, when.
CREATE TABLE loads (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES sources(id),
  kind TEXT NOT NULL CHECK (kind IN ('import', 'pull', 'receive', 'demo')),
  target TEXT NOT NULL,
  format TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  bytes INTEGER NOT NULL DEFAULT 0,
  spans_seen INTEGER NOT NULL DEFAULT 0,
  spans_added INTEGER NOT NULL DEFAULT 0,
  logs_seen INTEGER NOT NULL DEFAULT 0,
  logs_added INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  error TEXT
);

CREATE TABLE resources (
  hash TEXT PRIMARY KEY,
  attributes TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  parent_id TEXT,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  status_code INTEGER NOT NULL DEFAULT 0,
  status_message TEXT NOT NULL DEFAULT '',
  attributes TEXT NOT NULL DEFAULT '{}',
  resource_hash TEXT NOT NULL,
  events TEXT,
  links TEXT,
  scope TEXT,
  load_id INTEGER
);
-- A span's identity. Zipkin's shared RPC spans give the client and server halves one id, and real Zipkin data
-- reuses one id for several messaging receives, so kind and start are part of it. The start is compared in whole
-- microseconds because Jaeger and Zipkin keep microseconds: the same span pulled from Tempo (ns) and Jaeger (µs)
-- is one row.
CREATE UNIQUE INDEX spans_identity ON spans (trace_id, span_id, kind, start_ns / 1000);
CREATE INDEX spans_by_service_time ON spans (service, start_ns);
CREATE INDEX spans_by_time ON spans (start_ns);

-- Span links in both directions: a producer finds the consumers that link to it through linked_*.
CREATE TABLE span_links (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  linked_trace_id TEXT NOT NULL,
  linked_span_id TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id, linked_trace_id, linked_span_id)
) WITHOUT ROWID;
CREATE INDEX span_links_reverse ON span_links (linked_trace_id, linked_span_id);

CREATE TABLE traces (
  trace_id TEXT PRIMARY KEY,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  root_service TEXT,
  root_name TEXT,
  -- 0 while no parentless span has been seen: the root shown is then the earliest span.
  has_root INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX traces_by_start ON traces (start_ns);

-- Which services each trace touches, for "traces of service S" without scanning spans.
CREATE TABLE trace_services (
  service TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  start_ns INTEGER NOT NULL,
  PRIMARY KEY (service, trace_id)
) WITHOUT ROWID;
CREATE INDEX trace_services_by_time ON trace_services (service, start_ns);

CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  time_ns INTEGER NOT NULL,
  observed_ns INTEGER,
  severity_number INTEGER NOT NULL DEFAULT 0,
  severity_text TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  service TEXT NOT NULL,
  trace_id TEXT,
  span_id TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  resource_hash TEXT NOT NULL,
  scope TEXT,
  -- A 64-bit digest of the record's content: importing the same log twice stores it once.
  fingerprint INTEGER NOT NULL UNIQUE,
  load_id INTEGER
);
CREATE INDEX logs_by_trace ON logs (trace_id, span_id, time_ns) WHERE trace_id IS NOT NULL;
CREATE INDEX logs_by_service_time ON logs (service, time_ns);
CREATE INDEX logs_by_time ON logs (time_ns);

-- Filled by the writer once per import (INSERT … SELECT over the new rows): a per-row trigger made log imports
-- 4.5× slower (38k vs 171k logs/s measured). Deletes stay on a trigger.
CREATE VIRTUAL TABLE logs_fts USING fts5(body, content='logs', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
  INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
`,
  },
  {
    id: 2,
    name: 'log views',
    // The log histogram counts rows per time bucket and severity, and the log list filters by severity while
    // walking a service's (or every) log in time order. With the severity in the index both read the index alone;
    // without it, a 100k-log service window costs 100k table lookups. The wider indexes replace the narrower ones
    // (every query that used those can use these), so imports maintain no extra index.
    sql: `
DROP INDEX logs_by_service_time;
CREATE INDEX logs_by_service_time_severity ON logs (service, time_ns, severity_number);
DROP INDEX logs_by_time;
CREATE INDEX logs_by_time_severity ON logs (time_ns, severity_number);
`,
  },
  {
    id: 3,
    name: 'span id lookup',
    // The omnibox finds a span by its id alone (and by an id prefix), without knowing its trace: spans_identity
    // leads with trace_id, so without this every lookup scans all spans.
    sql: `
CREATE INDEX spans_by_span_id ON spans (span_id);
`,
  },
  {
    id: 4,
    name: 'pull results',
    // What each pull's question returned, so asking it again offline answers from the cache: the traces a search
    // found (whole traces, in the spans table) and the logs a log query found (by their content fingerprint, which
    // stays the row's identity when the same log is pulled twice). Keyed by the ledger entry of the pull.
    sql: `
CREATE TABLE pull_results (
  load_id INTEGER NOT NULL REFERENCES loads(id) ON DELETE CASCADE,
  trace_id TEXT NOT NULL,
  PRIMARY KEY (load_id, trace_id)
) WITHOUT ROWID;
CREATE INDEX pull_results_by_trace ON pull_results (trace_id);
CREATE TABLE pull_log_results (
  load_id INTEGER NOT NULL REFERENCES loads(id) ON DELETE CASCADE,
  fingerprint INTEGER NOT NULL,
  PRIMARY KEY (load_id, fingerprint)
) WITHOUT ROWID;
-- The cache lookup: the latest successful pull of a question from a source.
CREATE INDEX loads_pull_by_target ON loads (target, source_id) WHERE kind = 'pull';
`,
  },
  {
    id: 5,
    name: 'pulled dependencies',
    // Service dependencies a backend computed (Jaeger, Zipkin), keyed by the ledger entry of the pull that brought
    // them: the whole topology of a big system without pulling its traces. The source's name is kept beside the
    // load (a removed source's pulls keep saying where they came from) with the window the answer covers, which
    // the service graph overlaps with its own. Edges of one answer are few (thousands), read by load.
    sql: `
CREATE TABLE dependency_pulls (
  load_id INTEGER PRIMARY KEY REFERENCES loads(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL
);
CREATE TABLE dependency_edges (
  load_id INTEGER NOT NULL REFERENCES dependency_pulls(load_id) ON DELETE CASCADE,
  parent TEXT NOT NULL,
  child TEXT NOT NULL,
  call_count INTEGER NOT NULL,
  error_count INTEGER,
  PRIMARY KEY (load_id, parent, child)
) WITHOUT ROWID;
`,
  },
  {
    id: 6,
    name: 'span id lookup in batches',
    // spans_by_span_id took every insert to a random page, and every commit rewrote the pages it touched: a third of
    // the receiver's writing time. Span ids now go into span_id_lookup in sorted batches (span-id-lookup.ts); the
    // spans stored since the last batch are found by scanning that short tail. A deleted span leaves the lookup, and
    // lowers the mark so a reused rowid is indexed again.
    sql: `
DROP INDEX spans_by_span_id;
CREATE TABLE span_id_lookup (
  span_id TEXT NOT NULL,
  span_rowid INTEGER NOT NULL,
  PRIMARY KEY (span_id, span_rowid)
) WITHOUT ROWID;
CREATE TABLE span_id_lookup_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO span_id_lookup (span_id, span_rowid) SELECT span_id, rowid FROM spans ORDER BY span_id;
INSERT INTO span_id_lookup_state (id, indexed_through) VALUES (1, (SELECT coalesce(max(rowid), 0) FROM spans));
CREATE TRIGGER spans_leave_span_id_lookup AFTER DELETE ON spans BEGIN
  DELETE FROM span_id_lookup WHERE span_id = old.span_id AND span_rowid = old.rowid;
  UPDATE span_id_lookup_state SET indexed_through = min(indexed_through, old.rowid - 1);
END;
`,
  },
  {
    id: 7,
    name: 'pull warnings',
    // Caveats about an answer that was cached anyway (Tempo cut a trace at max_bytes_per_trace: PARTIAL), kept with
    // the pull so a later answer from the cache still says so, and found by trace for the waterfall's header.
    sql: `
CREATE TABLE pull_warnings (
  load_id INTEGER NOT NULL REFERENCES loads(id) ON DELETE CASCADE,
  trace_id TEXT,
  message TEXT NOT NULL
);
CREATE INDEX pull_warnings_by_load ON pull_warnings (load_id);
CREATE INDEX pull_warnings_by_trace ON pull_warnings (trace_id) WHERE trace_id IS NOT NULL;
`,
  },
  {
    id: 8,
    name: 'distinct spans sharing an identity, load warnings',
    // Two different spans can share trace, span id, kind and start (a Jaeger trace with one span id reused): the old
    // identity kept the first and dropped the other silently. A distinct one is now stored with a non-zero variant
    // (a digest of its name, service, parent, duration and status, see row-writer.ts), so importing the same span
    // again still adds nothing.
    sql: `
ALTER TABLE spans ADD COLUMN variant INTEGER NOT NULL DEFAULT 0;
DROP INDEX spans_identity;
CREATE UNIQUE INDEX spans_identity ON spans (trace_id, span_id, kind, start_ns / 1000, variant);
-- Loads now keep warnings about what they read (ids mapped, spans sharing an id) beside the backend's "this trace is
-- partial"; only the latter makes the waterfall say partial. Every warning kept so far was one of those.
ALTER TABLE pull_warnings ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
UPDATE pull_warnings SET partial = 1;
`,
  },
  {
    id: 10,
    name: 'load owners',
    // A load is committed as 'running' before its import's transaction, so a killed import left it running for ever.
    // Each running load now names the process writing it (host, pid, start time) and opening the cache marks those
    // whose process is gone as interrupted (interrupted-loads.ts): status 'failed' with the time in interrupted_at,
    // which the API reads as 'interrupted'. New nullable columns rather than a wider CHECK on status: that would
    // rebuild the ledger table, and a Casefile still running from before this migration can go on writing it.
    sql: `
ALTER TABLE loads ADD COLUMN owner_host TEXT;
ALTER TABLE loads ADD COLUMN owner_pid INTEGER;
ALTER TABLE loads ADD COLUMN owner_start TEXT;
ALTER TABLE loads ADD COLUMN interrupted_at INTEGER;
CREATE INDEX loads_running ON loads (id) WHERE status = 'running';
`,
  },
  {
    id: 11,
    name: 'service minutes',
    // The overview (services list, counts) read every span and log of its window: 4-5 s at 1M spans, and every other
    // call waited behind it. Per service and minute the writer now keeps the counts those calls need, so they read a
    // few rows per service and minute whatever the cache holds; only a window's ragged edge minutes are counted from
    // the rows themselves. `traces` counts a service's trace_services rows by the minute of their start_ns;
    // cache_totals holds the number of traces.
    sql: `
CREATE TABLE service_minutes (
  service TEXT NOT NULL,
  minute INTEGER NOT NULL,
  spans INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  traces INTEGER NOT NULL DEFAULT 0,
  logs INTEGER NOT NULL DEFAULT 0,
  first_ns INTEGER,
  last_ns INTEGER,
  PRIMARY KEY (service, minute)
) WITHOUT ROWID;
CREATE INDEX service_minutes_by_minute ON service_minutes (minute);
-- The number of traces, kept by the writer: count(*) over traces reads a whole index (117 ms cold at 100k traces).
CREATE TABLE cache_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  traces INTEGER NOT NULL
);
INSERT INTO cache_totals (id, traces) VALUES (1, (SELECT count(*) FROM traces));
INSERT INTO service_minutes (service, minute, spans, errors, first_ns, last_ns)
  SELECT service, start_ns / 60000000000, count(*), sum(status_code = 2), min(start_ns), max(start_ns)
  FROM spans GROUP BY 1, 2;
INSERT INTO service_minutes (service, minute, traces)
  SELECT service, start_ns / 60000000000, count(*) FROM trace_services WHERE true GROUP BY 1, 2
  ON CONFLICT (service, minute) DO UPDATE SET traces = excluded.traces;
INSERT INTO service_minutes (service, minute, logs, first_ns, last_ns)
  SELECT service, time_ns / 60000000000, count(*), min(time_ns), max(time_ns) FROM logs WHERE true GROUP BY 1, 2
  ON CONFLICT (service, minute) DO UPDATE SET logs = excluded.logs,
    first_ns = min(coalesce(first_ns, excluded.first_ns), excluded.first_ns),
    last_ns = max(coalesce(last_ns, excluded.last_ns), excluded.last_ns);
`,
  },
  {
    id: 13,
    name: 'slos',
    // Service-level objectives (shared/slo/types.ts, as JSON) and each one's good and bad events per minute, kept by
    // the writer as spans arrive and filled from the cached spans when an SLO is saved, so a status reads minutes,
    // never spans. Weighted counts (REAL): a sampled span stands for 1/ratio requests.
    sql: `
CREATE TABLE slos (
  name TEXT PRIMARY KEY,
  service TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE slo_minutes (
  slo TEXT NOT NULL REFERENCES slos(name) ON DELETE CASCADE,
  minute INTEGER NOT NULL,
  total REAL NOT NULL,
  bad REAL NOT NULL,
  weighted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (slo, minute)
) WITHOUT ROWID;
`,
  },
  {
    id: 14,
    name: 'operations',
    // Every (service, span name) pair with its span and error counts and time extent, kept by the writer, so the
    // omnibox can offer operations ("AdRanker", "SELECT discounts") by name on each keystroke without a scan of
    // spans. Filled from the cached spans once here.
    sql: `
CREATE TABLE operations (
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  spans INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  first_ns INTEGER NOT NULL,
  last_ns INTEGER NOT NULL,
  PRIMARY KEY (service, name)
) WITHOUT ROWID;
INSERT INTO operations (service, name, spans, errors, first_ns, last_ns)
  SELECT service, name, count(*), sum(status_code = 2), min(start_ns), max(start_ns) FROM spans GROUP BY 1, 2;
`,
  },
  {
    id: 15,
    name: 'logs full-text search matches word forms',
    // "sleep" found nothing in "leftoverSleep: sleeping 295 ms": unicode61 indexes words as written. The Porter
    // stemmer indexes "sleeping", "sleeps" and "slept"… under their stem, so a word finds its forms; a trailing *
    // in the query still asks for a prefix. Same name, columns and external content as migration 1 (a casefile copies
    // the index segment for segment between files of the same schema); rebuilt from the rows here.
    sql: `
DROP TRIGGER logs_fts_delete;
DROP TABLE logs_fts;
CREATE VIRTUAL TABLE logs_fts USING fts5(body, content='logs', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
  INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
INSERT INTO logs_fts(logs_fts) VALUES ('rebuild');
`,
  },
  {
    id: 16,
    name: 'spans keep their W3C tracestate',
    // OTLP spans carry their context's tracestate; OpenTelemetry's probability sampling writes the threshold a span
    // was kept at there ("ot=th:c" keeps 1 in 4), which SLO counts weigh the span by. NULL for every other span.
    sql: `ALTER TABLE spans ADD COLUMN trace_state TEXT;`,
  },
  {
    id: 17,
    name: 'error spans by time',
    // The services list over a ragged window counts the edge minutes from the rows: spans and logs per service come
    // from their (service, time) indexes alone, and errors from this index of error spans only (a few percent of the
    // rows, so the writer barely pays for it), instead of reading every span row of those minutes.
    sql: `CREATE INDEX spans_errors_by_time ON spans (start_ns, service) WHERE status_code = 2;`,
  },
  {
    id: 18,
    name: 'aggregate answers',
    // A fleet question (rates, error rates, percentiles per service and edge over time buckets) asked of a backend
    // that computes them (Prometheus span metrics): one row per pull, one row per series with its buckets packed as
    // little-endian float32 (NaN where the backend had no value). 5,000 services and their edges over 60 buckets
    // are ~60k series, ~20 MB: rows per point would be millions.
    sql: `
CREATE TABLE aggregate_pulls (
  load_id INTEGER PRIMARY KEY REFERENCES loads(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  start_ns INTEGER NOT NULL,
  step_ns INTEGER NOT NULL,
  buckets INTEGER NOT NULL,
  events REAL NOT NULL
);
CREATE TABLE aggregate_series (
  load_id INTEGER NOT NULL REFERENCES aggregate_pulls(load_id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  service TEXT NOT NULL,
  peer TEXT NOT NULL,
  metric TEXT NOT NULL,
  vals BLOB NOT NULL,
  PRIMARY KEY (load_id, scope, service, peer, metric)
) WITHOUT ROWID;
`,
  },
  {
    id: 19,
    name: 'first looks of big traces',
    // Opening a cached trace of a million spans read it whole and built its tree before the first row showed (4 s).
    // Its first screen in the default view (layout and first rows, as JSON) is kept here, built after the write that
    // grew it (first-looks/): a cold open answers from it while the tree builds. Valid while the trace's span count is
    // the one it was built at. Big traces are found through the partial index, never by scanning traces; its
    // threshold is FIRST_LOOK_MIN_SPANS (first-look.ts), which queries must spell as this literal for SQLite to use it.
    sql: `
CREATE TABLE trace_first_looks (
  trace_id TEXT PRIMARY KEY,
  span_count INTEGER NOT NULL,
  layout TEXT NOT NULL,
  rows TEXT NOT NULL
);
CREATE INDEX traces_big ON traces (span_count) WHERE span_count >= 20000;
`,
  },
  {
    id: 20,
    name: 'service graph summaries',
    // The graph was built from every span in its window: 4.7 s at 1M spans, a minute at 10M. The writer now keeps
    // what it draws per minute (each call counted at its span's start minute, latencies in log buckets; see
    // ingest/edge-minutes.ts), so the graph reads minutes × edges. A cache that already had spans is summarised
    // once when it is next opened for writing (ready stays 0 until then, and the graph counts rows meanwhile).
    sql: `
CREATE TABLE edge_minutes (
  minute INTEGER NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  mode TEXT NOT NULL,
  -- What the edge reaches: '' a service; 'database' or 'external' a leaf node at the target; 'producer' a queue at
  -- the target, 'consumer' a queue at the source (its topic). leaf_system: the db.system or messaging.system.
  leaf TEXT NOT NULL,
  leaf_system TEXT,
  calls INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  -- int32 pairs (bucket, count): shared/latency-buckets.ts.
  latency BLOB NOT NULL,
  PRIMARY KEY (minute, source, target, mode, leaf)
) WITHOUT ROWID;
CREATE TABLE edge_minutes_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  ready INTEGER NOT NULL
);
INSERT INTO edge_minutes_state (id, ready) SELECT 1, NOT EXISTS (SELECT 1 FROM spans);
`,
  },
  {
    id: 21,
    name: 'service seconds',
    // A window with ragged edges (a "last 15 minutes" preset) counted its edge minutes from the rows: 466 ms with a
    // cold OS cache at 10M spans, for ~333k index entries per edge. A dense (service, minute) cell — at least 1000
    // spans, trace starts and log lines (DENSE_CELL_ITEMS) — is now also kept per second by the writer, so an edge
    // reads the seconds it covers and counts only its partial seconds from the rows. A cell has rows here exactly
    // when it is kept per second, and then they are exact.
    sql: `
CREATE TABLE service_seconds (
  service TEXT NOT NULL,
  second INTEGER NOT NULL,
  spans INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  traces INTEGER NOT NULL DEFAULT 0,
  logs INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service, second)
) WITHOUT ROWID;
INSERT INTO service_seconds (service, second, spans, errors)
  SELECT service, start_ns / 1000000000, count(*), sum(status_code = 2) FROM spans
  WHERE (service, start_ns / 60000000000) IN (SELECT service, minute FROM service_minutes WHERE spans + traces + logs >= 1000) GROUP BY 1, 2;
INSERT INTO service_seconds (service, second, traces)
  SELECT service, start_ns / 1000000000, count(*) FROM trace_services
  WHERE (service, start_ns / 60000000000) IN (SELECT service, minute FROM service_minutes WHERE spans + traces + logs >= 1000) GROUP BY 1, 2
  ON CONFLICT (service, second) DO UPDATE SET traces = excluded.traces;
INSERT INTO service_seconds (service, second, logs)
  SELECT service, time_ns / 1000000000, count(*) FROM logs
  WHERE (service, time_ns / 60000000000) IN (SELECT service, minute FROM service_minutes WHERE spans + traces + logs >= 1000) GROUP BY 1, 2
  ON CONFLICT (service, second) DO UPDATE SET logs = excluded.logs;
`,
  },
  {
    id: 22,
    name: 'logs keyed by time',
    // A log line's identity was its 64-bit content fingerprint alone, a UNIQUE column: each insert took a descent to a
    // random leaf of a 2M-entry tree, 26% of the bare insert loop for 2M lines. The identity is now (time, severity,
    // fingerprint) — the fingerprint covers the time, so two lines the old key told apart stay apart — and lines
    // arrive roughly in time order, so inserts append. The same index serves the logs' time windows, so
    // logs_by_time_severity goes: one index fewer. A UNIQUE column cannot be dropped, so the table is copied (rowids
    // kept: the full-text index and pins point at them). Pull results name a line by (time, fingerprint) from now on.
    sql: `
ALTER TABLE pull_log_results ADD COLUMN time_ns INTEGER;
UPDATE pull_log_results SET time_ns = (SELECT l.time_ns FROM logs l WHERE l.fingerprint = pull_log_results.fingerprint);
CREATE TABLE logs_keyed (
  id INTEGER PRIMARY KEY,
  time_ns INTEGER NOT NULL,
  observed_ns INTEGER,
  severity_number INTEGER NOT NULL DEFAULT 0,
  severity_text TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  service TEXT NOT NULL,
  trace_id TEXT,
  span_id TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  resource_hash TEXT NOT NULL,
  scope TEXT,
  fingerprint INTEGER NOT NULL,
  load_id INTEGER
);
INSERT INTO logs_keyed (id, time_ns, observed_ns, severity_number, severity_text, body, service, trace_id, span_id,
    attributes, resource_hash, scope, fingerprint, load_id)
  SELECT id, time_ns, observed_ns, severity_number, severity_text, body, service, trace_id, span_id,
    attributes, resource_hash, scope, fingerprint, load_id FROM logs ORDER BY id;
DROP TABLE logs;
ALTER TABLE logs_keyed RENAME TO logs;
CREATE UNIQUE INDEX logs_identity ON logs (time_ns, severity_number, fingerprint);
CREATE INDEX logs_by_trace ON logs (trace_id, span_id, time_ns) WHERE trace_id IS NOT NULL;
CREATE INDEX logs_by_service_time_severity ON logs (service, time_ns, severity_number);
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
  INSERT INTO logs_fts(logs_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
`,
  },
];
