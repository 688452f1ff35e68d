import { createReadStream, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { openWriteConnection, type Db } from '../electron/core/db/open-database.js';
import { asBeforeLogKeying } from '../test/logs-before-keying.js';
import { importFile } from '../electron/core/ingest/import-file.js';
import { parseFile } from '../electron/core/ingest/parse-file.js';
import { otlpResourceLogs, otlpResourceSpans } from '../shared/formats/otlp.js';
import type { LogRecordIn, SpanRecord } from '../shared/formats/records.js';
import { fingerprint64 } from '../electron/core/ingest/fingerprint.js';

/**
 * Runs in its own process so peak RSS belongs to one measurement. Modes:
 * - import DB FILE: the real importer.
 * - import-onto DB FILE BASE: imports BASE first, untimed, then FILE, timed: the importer on a cache already holding
 *   BASE's rows (issue 10 asks for throughput beside 1M cached spans, not only on an empty cache).
 * - bare DB FILE: the same rows, parsed beforehand (untimed), inserted by a plain prepared-statement loop into the
 *   same schema (same indexes, same full-text indexing), timed. The ratio of the two is what the import pipeline
 *   costs on top of SQLite itself.
 * - bare-lever DB FILE LEVER: the bare loop with one schema lever applied (LEVERS), to see what each would pay.
 * - parse DB FILE: the importer's parsing alone (split, route, encode rows; what its parse thread does), rows
 *   discarded, with the CPU it used: the other half of what a span costs.
 */
const [mode, dbPath, file, base] = process.argv.slice(2) as [string, string, string, string | undefined];
/**
 * Schema levers the issue names, tried on the bare loop: ids as 16- and 8-byte BLOBs instead of hex text (SQLite keeps
 * a BLOB as given in a TEXT column, so the schema need not change to measure it), and the span indexes one at a time.
 */
const LEVERS: Record<string, string | ((db: Db) => void)> = {
  none: '',
  'blob-ids': '',
  'no-time-index': 'DROP INDEX spans_by_time',
  'no-service-time-index': 'DROP INDEX spans_by_service_time',
  'no-identity-index': 'DROP INDEX spans_identity',
  // The identity as one 64-bit hash (a collision would go to the variant check the writer already has), with a
  // narrower (trace_id, span_id) index for the reads that use the identity's prefix today.
  'hash-identity':
    'DROP INDEX spans_identity; ALTER TABLE spans ADD COLUMN identity_hash INTEGER; ' +
    'CREATE UNIQUE INDEX spans_identity_hash ON spans (identity_hash); CREATE INDEX spans_by_trace ON spans (trace_id, span_id)',
  // The identity as the table's own key (WITHOUT ROWID): one B-tree fewer per span, secondary index entries carry
  // the key instead of a rowid. A key cannot hold an expression, so the identity's microseconds become a column.
  'clustered-identity': `DROP TABLE spans;
    CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, kind INTEGER NOT NULL, parent_id TEXT, service TEXT NOT NULL,
      name TEXT NOT NULL, start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0,
      status_message TEXT NOT NULL DEFAULT '', attributes TEXT NOT NULL DEFAULT '{}', resource_hash TEXT NOT NULL, events TEXT,
      links TEXT, scope TEXT, load_id INTEGER, variant INTEGER NOT NULL DEFAULT 0, trace_state TEXT, start_us INTEGER NOT NULL,
      PRIMARY KEY (trace_id, span_id, kind, start_us, variant)) WITHOUT ROWID;
    CREATE INDEX spans_by_service_time ON spans (service, start_ns);
    CREATE INDEX spans_by_time ON spans (start_ns);
    CREATE INDEX spans_errors_by_time ON spans (start_ns, service) WHERE status_code = 2;`,
  // 16 KiB pages instead of SQLite's 4 KiB (set before the file's first write): shallower trees, fewer page splits.
  'page-16k': '',
  // The logs' identity as it was before migration 22: the content fingerprint alone (a random 64-bit key, one
  // descent to a random leaf per line), with a separate time index.
  'logs-fingerprint-key': asBeforeLogKeying,
  'logs-no-trace-index': 'DROP INDEX logs_by_trace',
  'logs-no-service-index': 'DROP INDEX logs_by_service_time_severity',
};
const lever = mode === 'bare-lever' ? base! : 'none';
if (!(lever in LEVERS)) throw new Error(`unknown lever ${lever}: ${Object.keys(LEVERS).join(', ')}`);
const clustered = lever === 'clustered-identity';
const id = lever === 'blob-ids' ? (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex')) : (hex: string | null) => hex;
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
if (lever === 'page-16k') {
  const blank = new Database(dbPath);
  blank.pragma('page_size = 16384');
  blank.exec('CREATE TABLE page_size_set (x); DROP TABLE page_size_set;');
  blank.close();
}
// The same connection settings as the app's import path, for both modes.
const db = openWriteConnection(dbPath);

function report(extra: Record<string, number>): void {
  db.close();
  const dbBytes = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  process.stdout.write(JSON.stringify({ ...extra, maxRssMiB: process.resourceUsage().maxRSS / 1024, dbBytes }) + '\n');
}

if (mode === 'parse') {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let spans = 0;
  let logs = 0;
  await parseFile(file, (batch) => {
    spans += batch.spans.length;
    logs += batch.logs.length;
  });
  const used = process.cpuUsage(cpu);
  report({ seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, spans, logs });
} else if (mode === 'import' || mode === 'import-onto') {
  if (mode === 'import-onto') await importFile(db, base!);
  const started = performance.now();
  const load = await importFile(db, file);
  report({ seconds: (performance.now() - started) / 1000, spans: load.spansAdded, logs: load.logsAdded });
} else {
  const applyLever = LEVERS[lever]!;
  if (typeof applyLever === 'function') applyLever(db);
  else if (applyLever !== '') db.exec(applyLever);
  const spanRows: unknown[][] = [];
  const logRows: unknown[][] = [];
  const sink = {
    span: (r: SpanRecord) =>
      spanRows.push([id(r.traceId), id(r.spanId), r.kind, id(r.parentSpanId), r.service, r.name, r.startNs, r.endNs, r.statusCode,
        r.statusMessage, JSON.stringify(r.attributes), 'r', r.events.length ? JSON.stringify(r.events) : null,
        r.links.length ? JSON.stringify(r.links) : null, r.scope && JSON.stringify(r.scope), 1,
        ...(lever === 'hash-identity' ? [fingerprint64(`${r.traceId}${r.spanId}${r.kind}${r.startNs / 1000n}`)] : []),
        ...(clustered ? [r.startNs / 1000n] : [])]),
    log: (r: LogRecordIn) => {
      const attributes = JSON.stringify(r.attributes);
      logRows.push([r.timeNs, r.observedNs, r.severityNumber, r.severityText, r.body, r.service, r.traceId, r.spanId,
        attributes, 'r', r.scope && JSON.stringify(r.scope), fingerprint64(`${r.timeNs}${r.body}${attributes}${r.spanId}`), 1]);
    },
  };
  const hashed = lever === 'hash-identity';
  const extra = hashed ? ', identity_hash' : clustered ? ', start_us' : '';
  const insertSpan = db.prepare(`INSERT OR IGNORE INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns,
    end_ns, status_code, status_message, attributes, resource_hash, events, links, scope, load_id${extra})
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${extra === '' ? '' : ', ?'})`);
  const insertLog = db.prepare(`INSERT OR IGNORE INTO logs (time_ns, observed_ns, severity_number, severity_text, body,
    service, trace_id, span_id, attributes, resource_hash, scope, fingerprint, load_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Rows are prepared in batches outside the clock (the whole file would not fit in memory); only inserts are timed.
  let timed = 0;
  let spans = 0;
  let logs = 0;
  const insertBatch = (): void => {
    const started = performance.now();
    for (const row of spanRows) insertSpan.run(...row);
    for (const row of logRows) insertLog.run(...row);
    timed += performance.now() - started;
    spans += spanRows.length;
    logs += logRows.length;
    spanRows.length = 0;
    logRows.length = 0;
  };
  db.exec('BEGIN');
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const doc = JSON.parse(line) as { resourceSpans?: unknown[]; resourceLogs?: unknown[] };
    for (const batch of doc.resourceSpans ?? []) otlpResourceSpans(batch, '', sink);
    for (const batch of doc.resourceLogs ?? []) otlpResourceLogs(batch, '', sink);
    if (spanRows.length + logRows.length >= 50_000) insertBatch();
  }
  insertBatch();
  const started = performance.now();
  if (logs > 0) db.exec('INSERT INTO logs_fts (rowid, body) SELECT id, body FROM logs');
  db.exec('COMMIT');
  timed += performance.now() - started;
  report({ seconds: timed / 1000, spans, logs });
}
