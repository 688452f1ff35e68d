import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/open-database.js';
import { BENCH_DIR } from './bench-data.js';

/** What the timing half of the benchmark needs to know about the generated cache. */
export interface LogsCacheInfo {
  path: string;
  logs: number;
  startNs: bigint;
  endNs: bigint;
  services: string[];
  /** Traces whose spans were stored too (every SPAN_SAMPLE-th), so span and trace lookups have a subject. */
  sampledTraces: { traceId: string; spanIds: string[] }[];
}

export const COMMON_TERM = 'request';
export const RARE_TERM = 'quokka';
const SERVICES = Array.from({ length: 100 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
const HOURS = 6;
const SPAN_SAMPLE = 100;
const SECOND = 1_000_000_000n;
const START = 1_760_000_000n * SECOND;

/** A small deterministic PRNG (mulberry32): the same cache on every machine. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number, bytes: number) =>
  Array.from({ length: bytes / 4 }, () => Math.floor(random() * 0x100000000).toString(16).padStart(8, '0')).join('');

/** Bodies in the shape of real service logs: a few templates, numbers and ids that make the vocabulary large. */
function body(random: () => number, service: string): [severity: number, text: string] {
  const n = Math.floor(random() * 100_000);
  const ms = (random() * 400).toFixed(1);
  if (random() < 1 / 200_000) return [13, `${RARE_TERM} detector fired for tenant t-${n} (threshold ${ms})`];
  const pick = random();
  if (pick < 0.35) return [9, `handled request GET /api/v2/items/${n} status=200 in ${ms} ms`];
  if (pick < 0.45) return [9, `request to ${service} downstream completed bytes=${n * 13} duration=${ms}ms`];
  if (pick < 0.6) return [5, `cache miss for key user:${n}:profile, loading from store`];
  if (pick < 0.7) return [9, `published event order.created id=${n} partition=${n % 12}`];
  if (pick < 0.8) return [9, `query SELECT * FROM orders WHERE customer_id = ${n} returned ${n % 50} rows`];
  if (pick < 0.9) return [13, `slow call to inventory took ${ms} ms (budget 250 ms), retrying attempt ${(n % 3) + 1}`];
  if (pick < 0.99) return [9, `user u-${n} session refreshed from ${n % 256}.${n % 7}.0.1`];
  return [17, `failed to process request ${n}: timeout after ${ms} ms\n    at Handler.process (handler.ts:${n % 400})\n    at Server.dispatch (server.ts:88)`];
}

/** Service popularity falls off like real fleets: a few busy front services, a long tail. */
function servicePicker(random: () => number): () => string {
  const weights = SERVICES.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return SERVICES[lo]!;
  };
}

/**
 * A cache of `count` logs over six hours from 100 services: about 8 logs per trace over 2–4 services, 88% with
 * trace and span ids, the rest id-less. Rows go straight in with prepared statements (the importer is measured by
 * the ingest benchmark); the indexes are dropped during the load and rebuilt after, which is much faster than
 * inserting into them. Kept in bench-data/ and reused: a sidecar file marks a finished build.
 */
export function logsCache(count: number): LogsCacheInfo {
  const path = join(BENCH_DIR, `views-logs-${count}.sqlite`);
  const done = `${path}.done.json`;
  if (!(existsSync(path) && existsSync(done))) {
    for (const suffix of ['', '-wal', '-shm', '.done.json']) rmSync(`${path}${suffix}`, { force: true });
    const started = performance.now();
    const info = build(path, count);
    writeFileSync(done, JSON.stringify(info, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    process.stderr.write(`built ${count.toLocaleString('en-US')} logs in ${((performance.now() - started) / 1000).toFixed(0)} s into ${path}\n`);
  }
  return readInfo(done);
}

function readInfo(file: string): LogsCacheInfo {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Omit<LogsCacheInfo, 'startNs' | 'endNs'> & { startNs: string; endNs: string };
  return { ...raw, startNs: BigInt(raw.startNs), endNs: BigInt(raw.endNs) };
}

function build(path: string, count: number): LogsCacheInfo {
  const db = openDatabase(path, { cacheMiB: 512 });
  db.pragma('synchronous = OFF');
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'logs' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  const random = rng(42);
  const pickService = servicePicker(random);
  const insertLog = db.prepare(
    `INSERT INTO logs (id, time_ns, severity_number, severity_text, body, service, trace_id, span_id, attributes, resource_hash, fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)`,
  );
  const insertSpan = db.prepare(
    `INSERT INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, resource_hash) VALUES (?, ?, 2, ?, ?, 'handle', ?, ?, ?)`,
  );
  const insertResource = db.prepare('INSERT INTO resources (hash, attributes) VALUES (?, ?)');
  for (const service of SERVICES) insertResource.run(`res-${service}`, JSON.stringify({ 'service.name': service, 'service.version': '1.0.0' }));
  const severityText = (n: number) => (n >= 17 ? 'ERROR' : n >= 13 ? 'WARN' : n >= 9 ? 'INFO' : 'DEBUG');
  const spanNs = BigInt(HOURS * 3600) * SECOND;
  const sampledTraces: LogsCacheInfo['sampledTraces'] = [];
  let id = 0;
  let trace = 0;
  const chunk = db.transaction((until: number) => {
    while (id < until) {
      const at = START + (spanNs * BigInt(id)) / BigInt(count);
      const traceId = hex(random, 16);
      const services = Array.from({ length: 2 + Math.floor(random() * 3) }, pickService);
      const spans = services.map(() => hex(random, 8));
      const keep = trace++ % SPAN_SAMPLE === 0;
      if (keep) sampledTraces.push({ traceId, spanIds: spans });
      services.forEach((service, i) => {
        const start = at + BigInt(i) * 2_000_000n;
        if (keep) insertSpan.run(traceId, spans[i], i === 0 ? null : spans[0], service, start, start + 40_000_000n, `res-${service}`);
        const logs = 1 + Math.floor(random() * 4);
        for (let j = 0; j < logs && id < until; j++) {
          const [severity, text] = body(random, service);
          const withIds = random() < 0.88;
          id++;
          insertLog.run(id, start + BigInt(j) * 3_000_000n, severity, severityText(severity), text, service,
            withIds ? traceId : null, withIds ? spans[i] : null, `res-${service}`, id);
        }
      });
    }
  });
  for (let until = 0; until < count; ) {
    until = Math.min(count, until + 500_000);
    chunk(until);
    process.stderr.write(`\r  inserted ${until.toLocaleString('en-US')} logs`);
  }
  process.stderr.write('\n  building indexes and the full-text index\n');
  for (const index of indexes) db.exec(index.sql);
  db.exec('INSERT INTO logs_fts (rowid, body) SELECT id, body FROM logs');
  // No 'optimize' and no ANALYZE: an app cache has neither, and the plans must be fast without them.
  db.close();
  return { path, logs: count, startNs: START, endNs: START + spanNs, services: SERVICES, sampledTraces };
}
