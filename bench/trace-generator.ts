import { createHash } from 'node:crypto';
import type { Db } from '../electron/core/db/open-database.js';

/**
 * Synthetic traces of any size for the waterfall benchmark, written straight into the cache's tables (spans,
 * resources, traces, trace_services) in one transaction: the benchmark measures the view, not the importer, and a
 * 1M-span OTLP file would take minutes to produce and import. Shapes are realistic: a frontend root fanning out
 * over RPCs (client span, then a server span on another service), a few levels of internal work and database calls,
 * fan-out 2–8, depth up to ~20, eight services on their own hosts, ~1% errors. Deterministic (seeded).
 */
const SERVICES = ['frontend', 'checkout', 'cart', 'catalog', 'pricing', 'inventory', 'shipping', 'payment'];
const OPERATIONS = ['GetItems', 'Price', 'Reserve', 'Quote', 'Lookup', 'Validate', 'Charge', 'Render'];

export interface GeneratedTrace {
  traceId: string;
  spans: number;
}

export function generateTrace(db: Db, spans: number, seed: number): GeneratedTrace {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: cheap and reproducible.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const traceId = createHash('sha256').update(`trace-${seed}-${spans}`).digest('hex').slice(0, 32);
  const resources = SERVICES.map((service, i) => {
    const attributes = JSON.stringify({ 'service.name': service, 'host.name': `${service}-${i}`, 'deployment.environment': 'bench' });
    return { service, hash: createHash('sha256').update(attributes).digest('hex').slice(0, 32), attributes };
  });
  const insertResource = db.prepare('INSERT OR IGNORE INTO resources (hash, attributes) VALUES (?, ?)');
  const insertSpan = db.prepare(
    `INSERT INTO spans (trace_id, span_id, kind, parent_id, service, name, start_ns, end_ns, status_code, status_message,
       attributes, resource_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
  );
  const base = 1_763_600_000_000_000_000n;
  // Long enough that a million spans of at least a microsecond each fit inside their parents.
  const rootDuration = 10_000_000_000;

  interface Pending {
    id: string;
    service: number;
    start: number;
    end: number;
    depth: number;
  }
  let made = 0;
  let errors = 0;
  const spanId = () => (made + 1).toString(16).padStart(16, '0');
  const write = (id: string, parent: string | null, kind: number, service: number, name: string, start: number, end: number) => {
    const error = random() < 0.01 ? 2 : 0;
    if (error) errors++;
    const attrs = JSON.stringify({ 'bench.seq': made, 'peer.service': SERVICES[(service + 1) % SERVICES.length] });
    insertSpan.run(traceId, id, kind, parent, SERVICES[service]!, name, base + BigInt(Math.round(start)), base + BigInt(Math.round(end)), error, attrs, resources[service]!.hash);
    made++;
  };

  db.exec('BEGIN');
  try {
    for (const r of resources) insertResource.run(r.hash, r.attributes);
    const root: Pending = { id: spanId(), service: 0, start: 0, end: rootDuration, depth: 0 };
    write(root.id, null, 2, 0, 'GET /checkout', root.start, root.end);
    // Breadth-first, so a budget cut leaves a tree that is wide near the top and thins out below, as real ones do.
    const queue: Pending[] = [root];
    for (let head = 0; made < spans; head++) {
      // Should every branch end early (it rarely does), give the shallowest spans more children.
      if (head >= queue.length) head = 0;
      const parent = queue[head]!;
      if (parent.depth >= 20) continue;
      const fanOut = 2 + Math.floor(random() * random() * 7);
      const slot = (parent.end - parent.start) / fanOut;
      for (let c = 0; c < fanOut && made < spans; c++) {
        const start = parent.start + c * slot + slot * 0.05;
        const end = start + slot * (0.5 + random() * 0.4);
        const op = OPERATIONS[Math.floor(random() * OPERATIONS.length)]!;
        if (random() < 0.35 && made + 2 <= spans) {
          // An RPC: a client span here and the server span on another service, nested inside it.
          const callee = (parent.service + 1 + Math.floor(random() * (SERVICES.length - 1))) % SERVICES.length;
          const client = spanId();
          write(client, parent.id, 3, parent.service, `${SERVICES[callee]}.${op}`, start, end);
          const server: Pending = { id: spanId(), service: callee, start: start + (end - start) * 0.02, end: end - (end - start) * 0.02, depth: parent.depth + 2 };
          write(server.id, client, 2, callee, `${SERVICES[callee]}.${op}`, server.start, server.end);
          queue.push(server);
        } else {
          const internal: Pending = { id: spanId(), service: parent.service, start, end, depth: parent.depth + 1 };
          const db = random() < 0.2;
          write(internal.id, parent.id, db ? 3 : 1, parent.service, db ? `SELECT ${op.toLowerCase()}` : op, start, end);
          if (!db) queue.push(internal);
        }
      }
    }
    db.prepare(
      `INSERT INTO traces (trace_id, start_ns, end_ns, span_count, error_count, root_service, root_name, has_root)
       VALUES (?, ?, ?, ?, ?, 'frontend', 'GET /checkout', 1)`,
    ).run(traceId, base, base + BigInt(rootDuration), made, errors);
    const services = db.prepare('INSERT OR IGNORE INTO trace_services (service, trace_id, start_ns) VALUES (?, ?, ?)');
    for (const service of SERVICES) services.run(service, traceId, base);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return { traceId, spans: made };
}
