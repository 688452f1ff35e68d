import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './bench-data.js';

/** A call from one service to another; the generator turns each into a client span and the callee's server span. */
export interface Dependency {
  source: string;
  target: string;
}

const NAMESPACES = [
  'payments', 'search', 'catalog', 'identity', 'orders', 'shipping', 'pricing', 'inventory', 'ads', 'reviews',
  'notifications', 'billing', 'fraud', 'ledger', 'media', 'recommend', 'checkout', 'loyalty', 'support', 'analytics',
  'gateway', 'auth', 'profile', 'cart', 'tax', 'geo', 'feeds', 'messaging', 'ml', 'storage',
];
const ROLES = ['api', 'svc', 'worker', 'proxy', 'db-proxy', 'cache', 'indexer', 'sync'];
/** Tiers as in a real system: edge, APIs, domain services, shared platform, stores. */
const TIERS = [0.04, 0.16, 0.45, 0.25, 0.1];

/**
 * A synthetic dependency graph of `services` namespaced services ("payments.api-17") and `edges` distinct calls,
 * deterministic for a size. Calls go one or two tiers down, mostly within a namespace, some across, so grouping by
 * namespace has structure to show and the layout sees a realistic depth.
 */
export function syntheticDependencies(services: number, edges: number): Dependency[] {
  let seed = services * 7919 + edges;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
  const names: string[] = [];
  const tierOf: number[] = [];
  const tierStarts: number[] = [];
  let next = 0;
  TIERS.forEach((share, tier) => {
    tierStarts.push(next);
    const count = tier === TIERS.length - 1 ? services - next : Math.round(share * services);
    for (let i = 0; i < count; i++, next++) {
      const namespace = NAMESPACES[Math.floor(random() * NAMESPACES.length)]!;
      names.push(`${namespace}.${ROLES[(tier * 2 + i) % ROLES.length]}-${next}`);
      tierOf.push(tier);
    }
  });
  tierStarts.push(services);
  const seen = new Set<string>();
  const result: Dependency[] = [];
  for (let attempts = 0; result.length < edges && attempts < edges * 50; attempts++) {
    const source = Math.floor(random() * services);
    const down = tierOf[source]! + (random() < 0.75 ? 1 : 2);
    if (down >= TIERS.length) continue;
    let target = tierStarts[down]! + Math.floor(random() * (tierStarts[down + 1]! - tierStarts[down]!));
    // Prefer a callee in the caller's own namespace: try a few times before accepting a cross-namespace call.
    const namespace = names[source]!.split('.')[0];
    for (let tries = 0; tries < 6 && names[target]!.split('.')[0] !== namespace && random() < 0.8; tries++) {
      target = tierStarts[down]! + Math.floor(random() * (tierStarts[down + 1]! - tierStarts[down]!));
    }
    const key = `${source}>${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ source: names[source]!, target: names[target]! });
  }
  return result;
}

/** The real 1.2k-service sample of Jaeger's /api/dependencies (jaeger-ui's test data). */
export function jaegerSampleDependencies(): Dependency[] {
  const file = new URL('../fixtures/upstream/jaeger-v1-http/jaeger-ui__dependencies-data_large-1.5k-services.json', import.meta.url);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { parent: string; child: string }[];
  return raw.filter((d) => d.parent !== d.child).map((d) => ({ source: d.parent, target: d.child }));
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const BASE_NS = 1_700_000_000_000_000_000n;

/**
 * One OTLP/JSON request whose spans draw exactly these dependencies: per call a trace with the caller's server span,
 * its client span and the callee's server span (a few calls per edge, some failing, so figures vary).
 */
export function writeDependencySpans(name: string, dependencies: Dependency[]): string {
  const dir = join(BENCH_DIR, 'views-graph');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.otlp.json`);
  const byService = new Map<string, unknown[]>();
  const add = (service: string, span: unknown) => {
    const list = byService.get(service);
    if (list === undefined) byService.set(service, [span]);
    else list.push(span);
  };
  let trace = 0;
  dependencies.forEach((dependency, i) => {
    const calls = 1 + (i % 3);
    for (let call = 0; call < calls; call++) {
      trace++;
      const traceId = hex(trace, 32);
      const start = BASE_NS + BigInt(trace) * 1_000_000n;
      const duration = BigInt(1_000_000 + ((i * 7919 + call * 104729) % 400_000_000));
      const failed = (i + call) % 97 === 0;
      const span = (spanId: number, parent: number | null, kind: number, spanName: string, offset: bigint, length: bigint) => ({
        traceId,
        spanId: hex(spanId, 16),
        ...(parent === null ? {} : { parentSpanId: hex(parent, 16) }),
        name: spanName,
        kind,
        startTimeUnixNano: String(start + offset),
        endTimeUnixNano: String(start + offset + length),
        status: { code: failed && kind === 2 && parent !== null ? 2 : 0 },
      });
      const base = trace * 4;
      add(dependency.source, span(base + 1, null, 2, `GET /${dependency.source}`, 0n, duration + 2_000_000n));
      add(dependency.source, span(base + 2, base + 1, 3, `call ${dependency.target}`, 500_000n, duration + 500_000n));
      add(dependency.target, span(base + 3, base + 2, 2, `serve ${dependency.target}`, 750_000n, duration));
    }
  });
  const resourceSpans = [...byService].map(([service, spans]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: 'bench' }, spans }],
  }));
  writeFileSync(file, JSON.stringify({ resourceSpans }));
  return file;
}
