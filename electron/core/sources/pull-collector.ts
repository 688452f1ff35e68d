import { readFileSync, statSync } from 'node:fs';
import type { RecordSink } from '../../../shared/formats/records.js';
import type { Db } from '../db/open-database.js';
import type { WriteQueue } from '../db/write-queue.js';
import type { FormatName } from '../ingest/format-router.js';
import { RowEncoder, type RowBatch } from '../ingest/row-encoder.js';
import { RowWriter } from '../ingest/row-writer.js';
import { finishLoad } from '../queries/loads.js';
import type { PullOutput, SpanFileBody } from './connector.js';
import type { FleetAggregates } from '../../../shared/fleet/types.js';
import { recordAggregates } from './aggregate-ledger.js';
import { recordDependencies, type PulledDependencies } from './dependency-ledger.js';
import { parseOnWorker, WorkerParseError } from './parse-on-worker.js';
import { recordPull, recordResults, recordWarnings, type PullWarning } from './pull-ledger.js';
import { SourceError } from './source-error.js';

interface SpanFile extends SpanFileBody {
  formats: readonly FormatName[];
}

export interface PullMeta {
  source: string;
  sourceId: number;
  target: string;
  startedAt: number;
  bytes: number;
}

export interface Committed {
  loadId: number;
  spansSeen: number;
  spansAdded: number;
  logsSeen: number;
  logsAdded: number;
}

/**
 * What one pull gathered while its requests ran: records the connector parsed (already encoded as rows) and
 * downloaded bodies still to parse. Nothing touches the cache until `commit`, which writes all of it, the ledger
 * entry and the answer's trace ids / log fingerprints in ONE transaction on the write connection: either the whole
 * answer is cached or none of it is.
 */
export class PullCollector implements PullOutput {
  private readonly encoder = new RowEncoder();
  private readonly batches: RowBatch[] = [];
  private readonly files: SpanFile[] = [];
  private readonly warnings: PullWarning[] = [];
  private pulledDependencies: PulledDependencies | null = null;
  private pulledAggregates: FleetAggregates | null = null;
  readonly records: RecordSink;

  constructor() {
    this.records = {
      span: (record) => {
        this.encoder.span(record);
        this.drain(false);
      },
      log: (record) => {
        this.encoder.log(record);
        this.drain(false);
      },
    };
  }

  get recordsSeen(): { spans: number; logs: number } {
    return { spans: this.encoder.spansSeen, logs: this.encoder.logsSeen };
  }

  spanFile(body: SpanFileBody, formats: readonly FormatName[]): void {
    // Its parse waits on `complete` at the commit; a pull that stops before then must not leave a failed download
    // (or a connector's promise built on it) unheard: an unhandled rejection ends the process.
    body.complete.catch(() => undefined);
    this.files.push({ ...body, formats });
  }

  warn(message: string, traceId?: string): void {
    this.warnings.push({ message, traceId: traceId ?? null, partial: true });
  }

  /** A dependencies answer, written with the ledger entry in the same transaction as everything else. */
  dependencies(pulled: PulledDependencies): void {
    this.pulledDependencies = pulled;
  }

  aggregates(answer: FleetAggregates): void {
    this.pulledAggregates = answer;
  }

  /**
   * `onSpans` is told the spans written so far after each batch; `onWriting` is given the writer as the write begins
   * (what it has stored may be read between batches, until the commit: a big trace shows while it is written).
   */
  async commit(
    db: Db,
    writes: WriteQueue,
    meta: PullMeta,
    signal: AbortSignal,
    onSpans: (spans: number) => void,
    onWriting: (writer: RowWriter) => void = () => undefined,
  ): Promise<Committed> {
    this.drain(true);
    return writes.run(async () => {
      if (signal.aborted) throw new SourceError(meta.source, 'cancelled', null, 'cancelled');
      const traceIds = new Set<string>();
      // A log line by its identity's keys: fingerprint → time.
      const logLines = new Map<bigint, bigint>();
      let spansSeen = 0;
      let logsSeen = 0;
      const formats = new Set<string>();
      db.exec('BEGIN');
      try {
        const loadId = recordPull(db, { ...meta, status: 'done', format: null, spansSeen: 0, spansAdded: 0, logsSeen: 0, logsAdded: 0, error: null });
        const writer = new RowWriter(db, loadId);
        onWriting(writer);
        const write = (batch: RowBatch) => {
          writer.write(batch);
          for (const row of batch.spans) traceIds.add(row[0]);
          for (const row of batch.logs) logLines.set(row[11], row[0]);
          spansSeen += batch.spans.length;
          logsSeen += batch.logs.length;
          onSpans(spansSeen);
        };
        for (const batch of this.batches) write(batch);
        for (const file of this.files) {
          const summary = await this.parseFile(file, write, meta.source, signal);
          if (summary !== null) formats.add(summary);
        }
        writer.flush();
        recordResults(db, loadId, traceIds, logLines);
        recordWarnings(db, loadId, [...this.warnings, ...writer.warnings.list()]);
        if (this.pulledDependencies !== null) {
          recordDependencies(db, loadId, this.pulledDependencies);
          formats.add('dependencies');
        }
        if (this.pulledAggregates !== null) {
          recordAggregates(db, loadId, this.pulledAggregates);
          formats.add('aggregates');
        }
        finishLoad(db, loadId, {
          status: 'done',
          format: [...formats].join('+') || null,
          bytes: meta.bytes,
          spansSeen,
          logsSeen,
          ...writer.counts,
          error: null,
        });
        db.exec('COMMIT');
        return { loadId, spansSeen, logsSeen, ...writer.counts };
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Parses a body as it downloads (see SpanFileBody.complete); a download that fails fails the pull with its own error. */
  private async parseFile(file: SpanFile, write: (batch: RowBatch) => void, source: string, signal: AbortSignal): Promise<string | null> {
    let summary;
    try {
      summary = await parseOnWorker(file.file, write, signal, file.complete);
    } catch (error) {
      if (signal.aborted) throw new SourceError(source, 'cancelled', file.request, 'cancelled');
      if (error instanceof SourceError) throw error;
      if (await isEmptyArray(file)) return null;
      const reason = error instanceof WorkerParseError ? error.message : String(error);
      throw new SourceError(source, 'response', file.request, `the answer is not a valid ${file.formats.join(' or ')} response: ${reason}`);
    }
    this.warnings.push(...summary.warnings);
    const found = summary.format === null ? [] : summary.format.split('+');
    const unexpected = found.filter((f) => !file.formats.includes(f as FormatName));
    if (unexpected.length > 0) {
      throw new SourceError(source, 'response', file.request, `answered with ${unexpected.join(', ')} data, not ${file.formats.join(' or ')}: is this the right kind of source?`);
    }
    return summary.format;
  }

  private drain(force: boolean): void {
    for (let batch = this.encoder.take(force); batch !== null; batch = this.encoder.take(force)) this.batches.push(batch);
  }
}

const EMPTY_ARRAY_MAX_BYTES = 64;

/**
 * Zipkin answers an empty search with `[]`, which the importer (rightly, for a file) refuses as holding nothing. Asked
 * only of a body the parser refused; one already past a few bytes is not `[]`, and is not waited for.
 */
async function isEmptyArray(file: SpanFile): Promise<boolean> {
  if (statSync(file.file).size > EMPTY_ARRAY_MAX_BYTES) return false;
  if ((await file.complete.catch(() => null)) === null) return false;
  return statSync(file.file).size <= EMPTY_ARRAY_MAX_BYTES && /^\s*\[\s*\]\s*$/.test(readFileSync(file.file, 'utf8'));
}
