import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWriteConnection } from '../electron/core/db/open-database.js';
import { RowEncoder, type RowBatch } from '../electron/core/ingest/row-encoder.js';
import { RowWriter } from '../electron/core/ingest/row-writer.js';
import { ReceiveSession } from '../electron/core/receiver/receive-session.js';
import type { SpanRecord } from '../shared/formats/records.js';

const SERVICES = ['frontend', 'checkout', 'cart', 'payment', 'ads', 'discounts'];
const TRACE_ID = '5eed00000000000000000000000aece1';

/**
 * One trace of `spans` spans as an exporter sends it: in requests of `perRequest`, children before parents (a span is
 * exported when it ends), a tree of fan-out 4 across six services.
 */
function requests(spans: number, perRequest: number): RowBatch[] {
  const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
  const start = 1_700_000_000_000_000_000n;
  const all: SpanRecord[] = [];
  for (let i = spans - 1; i >= 0; i--) {
    const startNs = start + BigInt(i) * 1_000_000n;
    all.push({
      traceId: TRACE_ID,
      spanId: id(i),
      parentSpanId: i === 0 ? null : id(Math.floor((i - 1) / 4)),
      service: SERVICES[i % SERVICES.length]!,
      name: `op-${i % 20}`,
      kind: i % 2 === 0 ? 2 : 3,
      startNs,
      endNs: startNs + 2_000_000n,
      statusCode: 0,
      statusMessage: '',
      attributes: i % 7 === 0 ? { 'peer.service': 'geo' } : {},
      resource: {},
      events: [],
      links: [],
      scope: null,
    });
  }
  const batches: RowBatch[] = [];
  for (let i = 0; i < all.length; i += perRequest) {
    const encoder = new RowEncoder(Number.POSITIVE_INFINITY);
    for (const span of all.slice(i, i + perRequest)) encoder.span(span);
    batches.push(encoder.take(true)!);
  }
  return batches;
}

/** Milliseconds each request took to store, in a fresh cache, by `store`. */
function timed(batches: RowBatch[], store: (db: ReturnType<typeof openWriteConnection>, batch: RowBatch) => void): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'casefile-bench-receiver-trace-'));
  const db = openWriteConnection(join(dir, 'cache.sqlite'));
  try {
    return batches.map((batch) => {
      const started = performance.now();
      store(db, batch);
      return performance.now() - started;
    });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- receiver` (its last part): one big trace received over many requests, stored by the receiver's
 * session, which keeps the trace's skeleton, beside the same writes counting the cached trace again from its rows at
 * each request (the writer without skeletons, as imports and the receiver did before): per-request cost first and last.
 */
export function benchReceiverTrace(spans: number, perRequest = 500): void {
  const batches = requests(spans, perRequest);
  process.stdout.write(`receiver, one trace of ${spans.toLocaleString('en-US')} spans in ${batches.length} requests of ${perRequest}, children first\n`);
  let session: ReceiveSession | null = null;
  const legs: [string, (db: ReturnType<typeof openWriteConnection>, batch: RowBatch) => void][] = [
    [
      'skeletons (the receiver)',
      (db, batch) => {
        session ??= new ReceiveSession(db, 'bench');
        session.store([{ decoded: { batch, spans: batch.spans.length, logs: 0 }, bytes: 0 }]);
      },
    ],
    [
      'counted from rows',
      (db, batch) =>
        db.transaction(() => {
          const writer = new RowWriter(db, null);
          writer.write(batch);
          writer.flush({ spanIds: false });
        })(),
    ],
  ];
  for (const [name, store] of legs) {
    const ms = timed(batches, store);
    const total = ms.reduce((a, b) => a + b, 0);
    const tenth = Math.max(1, Math.floor(ms.length / 10));
    const mean = (list: number[]) => (list.reduce((a, b) => a + b, 0) / list.length).toFixed(1);
    process.stdout.write(
      `  ${name.padEnd(26)} ${`${(total / 1000).toFixed(2)} s`.padStart(9)}   ${Math.round(spans / (total / 1000)).toLocaleString('en-US').padStart(7)} spans/s   ` +
        `per request: first tenth ${mean(ms.slice(0, tenth))} ms, last tenth ${mean(ms.slice(-tenth))} ms\n`,
    );
  }
}
