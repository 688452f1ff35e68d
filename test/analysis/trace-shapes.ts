import type { Span } from '../../shared/model.js';
import type { DetectorName } from '../../shared/analysis/types.js';
import { Rng } from '../../fixtures/demo/prng.js';
import { httpAttrs, sqlAttrs, TraceBuilder, traceIdOf } from './span-builder.js';

/**
 * A seeded generator of trace shapes for the detectors: a small shop (gateway → catalog, orders, pricing, users)
 * whose healthy traces carry realistic jitter (log-normal latencies with a tail, parallel fan-out, a few repeated
 * queries, key-value loops, an occasional failed call retried once), and, when asked, one anti-pattern injected
 * into a share of the traces. Healthy traces must give no findings; each fault must give its detector's.
 */
export interface ShapeOptions {
  seed: number;
  traces: number;
  fault?: DetectorName;
  /** Share of traces that carry the fault (default 0.3). */
  faultRate?: number;
}

class Shapes {
  constructor(private readonly rng: Rng) {}

  /** Log-normal around a median, capped, as service latencies are. */
  latency(medianMs: number, spread = 0.35, capMs = medianMs * 6): number {
    const u1 = Math.max(1e-9, this.rng.next());
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.rng.next());
    return Math.min(capMs, medianMs * Math.exp(spread * z));
  }

  /** A DB call of `parent` starting at `at`; returns its end. */
  query(b: TraceBuilder, parent: Span, at: number, statement: string, medianMs: number, system = 'postgresql'): number {
    const ms = this.latency(medianMs);
    b.span(parent, { service: parent.service, name: statement.split(' ').slice(0, 1).join(' '), kind: 'client', at, ms, attributes: sqlAttrs(statement, system) });
    return at + ms;
  }

  /** An HTTP call from `parent` to `service`, with the callee's server span and `work` inside it; returns its end. */
  call(b: TraceBuilder, parent: Span, at: number, service: string, route: string, work: (server: Span, at: number) => number, fail = false): number {
    const client = b.span(parent, { service: parent.service, name: `GET ${route}`, kind: 'client', at, ms: 0, attributes: httpAttrs('GET', `http://${service}:8080${route.replace('{id}', String(this.rng.int(1, 99999)))}`) });
    const serverAt = at + this.latency(0.6, 0.3);
    const server = b.span(client, { service, name: `GET ${route}`, kind: 'server', at: serverAt, ms: 0, attributes: { 'http.route': route } });
    const end = work(server, serverAt + this.latency(0.2)) + this.latency(0.3);
    setEnd(server, serverAt, end);
    const clientEnd = end + this.latency(0.5, 0.3);
    setEnd(client, at, clientEnd);
    if (fail) {
      client.statusCode = 'error';
      server.statusCode = 'error';
      server.statusMessage = 'upstream returned 503';
    }
    return clientEnd;
  }

  cpu(b: TraceBuilder, parent: Span, at: number, name: string, medianMs: number): number {
    const ms = this.latency(medianMs);
    b.span(parent, { service: parent.service, name, at, ms });
    return at + ms;
  }
}

function setEnd(span: Span, atMs: number, endMs: number): void {
  span.endNs = (BigInt(span.startNs) + BigInt(Math.round((endMs - atMs) * 1e6))).toString();
}

export function generateTraces(options: ShapeOptions): Span[][] {
  const rng = new Rng(options.seed);
  const s = new Shapes(rng);
  const out: Span[][] = [];
  for (let n = 0; n < options.traces; n++) {
    const b = new TraceBuilder(traceIdOf(options.seed * 1_000_003 + n + 1));
    const faulty = options.fault !== undefined && rng.chance(options.faultRate ?? 0.3);
    const root = b.span(null, { service: 'gateway', name: 'GET /checkout', kind: 'server', at: 0, ms: 0, attributes: { 'http.route': '/checkout' } });
    let t = s.latency(1);
    // Users and catalog in parallel; the slower decides when the gateway goes on.
    const users = s.call(b, root, t, 'users', '/users/{id}', (srv, at) => {
      let u = s.query(b, srv, at, `SELECT * FROM users WHERE id = ${rng.int(1, 9999)}`, 3);
      // A session cache read per permission: a key-value loop, not an N+1.
      for (let i = 0; i < rng.int(5, 25); i++) u = s.query(b, srv, u + 0.05, `GET perm:${rng.int(1, 50)}`, 0.4, 'redis');
      return u;
    });
    const catalog = s.call(b, root, t + s.latency(0.3), 'catalog', '/products', (srv, at) => {
      let u = at;
      // Two or three lookups of the same statement: fewer than five is how a small join-less page reads.
      for (let i = 0; i < rng.int(2, 4); i++) u = s.query(b, srv, u + 0.1, `SELECT * FROM products WHERE id = ${rng.int(1, 500)}`, 4);
      u = s.query(b, srv, u + 0.1, 'SELECT count(*) FROM stock WHERE product_id IN (1, 2, 3)', 6);
      return s.cpu(b, srv, u, 'render', 8);
    });
    t = Math.max(users, catalog);
    // A few prices fetched at once (fewer than ten), and sometimes one failed call retried once.
    const priceCalls = rng.int(2, 6);
    let priced = t;
    for (let i = 0; i < priceCalls; i++) priced = Math.max(priced, s.call(b, root, t + i * 0.2, 'pricing', '/prices/{id}', (srv, at) => s.query(b, srv, at, 'SELECT amount FROM prices WHERE sku = $1', 5)));
    t = priced;
    if (rng.chance(0.1)) {
      t = s.call(b, root, t, 'inventory', '/reserve', (_srv, at) => at + s.latency(4), true);
      t = s.call(b, root, t + s.latency(10), 'inventory', '/reserve', (_srv, at) => at + s.latency(4));
    }
    t = s.call(b, root, t, 'orders', '/orders', (srv, at) => {
      let u = s.query(b, srv, at, "INSERT INTO orders (user_id, total) VALUES (42, '19.99')", 6);
      u = s.query(b, srv, u + 0.2, 'SELECT id FROM orders WHERE user_id = 42 ORDER BY id DESC LIMIT 1', 4);
      // Serialising the response is untraced own time, a few ms.
      return u + s.latency(3);
    });
    if (faulty) t = injectFault(options.fault!, b, root, t, s, rng);
    setEnd(root, 0, t + s.latency(1));
    out.push(b.spans);
  }
  return out;
}

function injectFault(fault: DetectorName, b: TraceBuilder, root: Span, t: number, s: Shapes, rng: Rng): number {
  switch (fault) {
    case 'n-plus-one-db':
      return s.call(b, root, t, 'discounts', '/discounts', (srv, at) => {
        let u = at;
        for (let i = 0; i < rng.int(8, 30); i++) u = s.query(b, srv, u + 0.2, `SELECT percent FROM discounts WHERE item_id = ${rng.int(1, 9999)}`, 4);
        return u;
      });
    case 'n-plus-one-api': {
      let end = t;
      for (let i = 0; i < rng.int(12, 25); i++) end = s.call(b, root, end, 'reviews', '/reviews/{id}', (srv, at) => at + s.latency(25));
      return end;
    }
    case 'consecutive-db':
      return s.call(b, root, t, 'reports', '/summary', (srv, at) => {
        let u = s.query(b, srv, at, 'SELECT sum(total) FROM orders WHERE day = $1', 80, 'postgresql');
        u = s.query(b, srv, u + 0.2, 'SELECT count(*) FROM users WHERE created > $1', 90, 'postgresql');
        return s.query(b, srv, u + 0.2, 'SELECT avg(rating) FROM reviews', 70, 'postgresql');
      });
    case 'consecutive-http': {
      let end = t;
      for (const partner of ['shipping', 'tax', 'fraud']) end = s.call(b, root, end, partner, `/${partner}/quote`, (srv, at) => at + s.latency(1200, 0.2));
      return end;
    }
    case 'slow-db':
      return s.call(b, root, t, 'search', '/search', (srv, at) => s.query(b, srv, at, `SELECT * FROM items WHERE title LIKE '%${rng.hex(2)}%'`, 900, 'mysql'));
    case 'sleep':
      return s.call(b, root, t, 'mailer', '/notify', (srv, at) => {
        const u = s.query(b, srv, at, 'SELECT email FROM users WHERE id = $1', 3);
        return s.query(b, srv, u + s.latency(250, 0.2), 'INSERT INTO outbox (body) VALUES ($1)', 3);
      });
    case 'retry-storm': {
      let end = t;
      for (let i = 0; i < rng.int(4, 7); i++) end = s.call(b, root, end + 1, 'payments', '/charge', (_srv, at) => at + s.latency(30), true);
      return end;
    }
    case 'pool-exhaustion':
      return s.call(b, root, t, 'orders', '/orders/history', (srv, at) => {
        const end = at + s.latency(30_00 / 100);
        b.span(srv, { service: 'orders', name: 'pool.acquire', at, ms: end - at, status: 'error', exception: 'Connection is not available, request timed out after 30000ms.' });
        srv.statusCode = 'error';
        return end;
      });
  }
}
