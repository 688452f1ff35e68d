import { writeFileSync } from 'node:fs';
import { Rng } from '../fixtures/demo/prng.js';

/** Epoch ns of a whole minute, so tests can place rows on minute and second boundaries. */
export const DENSE_T0 = 1_700_000_040_000_000_000n;
const MINUTE = 60_000_000_000n;

type Attr = { key: string; value: { stringValue: string } };
const resource = (service: string): { attributes: Attr[] } => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** The demo's seeded generator: the same seed gives the same file. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status?: { code: number };
}

/**
 * Traces of frontend → checkout → payments spread over `minutes` minutes from DENSE_T0, so each of those services
 * holds well over DENSE_CELL_ITEMS spans a minute, plus a sparse `cron` service; about 5% errors. Traces `from` to
 * `to` (exclusive) of the same seed are written, so a test can import an incident in parts. OTLP/JSON.
 */
export function writeDenseTraces(path: string, { seed, traces, from = 0, to = traces, minutes = 3 }: { seed: number; traces: number; from?: number; to?: number; minutes?: number }): void {
  const next = random(seed);
  const byService = new Map<string, Span[]>();
  const add = (service: string, span: Span) => (byService.get(service) ?? byService.set(service, []).get(service)!).push(span);
  for (let i = 0; i < traces; i++) {
    const start = DENSE_T0 + BigInt(Math.floor(next() * Number(MINUTE) * minutes));
    const failed = next() < 0.05;
    const cron = next() < 0.01;
    if (i < from || i >= to) continue;
    const traceId = hex(seed, 8) + hex(i, 24);
    let parent: string | undefined;
    let at = start;
    for (const [depth, service] of (cron ? ['cron'] : ['frontend', 'checkout', 'payments']).entries()) {
      const spanId = hex(i, 12) + hex(depth + 1, 4);
      const end = at + 40_000_000n - BigInt(depth) * 10_000_000n;
      add(service, {
        traceId,
        spanId,
        ...(parent === undefined ? {} : { parentSpanId: parent }),
        name: `${service} op`,
        kind: depth === 0 ? 2 : 3,
        startTimeUnixNano: String(at),
        endTimeUnixNano: String(end),
        ...(failed && depth === 2 ? { status: { code: 2 } } : {}),
      });
      parent = spanId;
      at += 700_000_000n; // a child starts 0.7 s later, so traces cross second and minute boundaries
    }
  }
  writeFileSync(path, JSON.stringify({ resourceSpans: [...byService].map(([service, spans]) => ({ resource: resource(service), scopeSpans: [{ spans }] })) }));
}

/** For traces `from`..`to` of `writeDenseTraces` with the same seed: a frontend span starting `earlierNs` before each. */
export function writeEarlierSpans(path: string, { seed, traces, from, to, earlierNs, minutes = 3 }: { seed: number; traces: number; from: number; to: number; earlierNs: bigint; minutes?: number }): void {
  const next = random(seed);
  const spans: Span[] = [];
  for (let i = 0; i < traces; i++) {
    const start = DENSE_T0 + BigInt(Math.floor(next() * Number(MINUTE) * minutes));
    next();
    const cron = next() < 0.01;
    if (i < from || i >= to || cron) continue;
    const at = start - earlierNs;
    spans.push({ traceId: hex(seed, 8) + hex(i, 24), spanId: `${hex(i, 12)}ffff`, name: 'frontend prefetch', kind: 1, startTimeUnixNano: String(at), endTimeUnixNano: String(at + 5_000_000n) });
  }
  writeFileSync(path, JSON.stringify({ resourceSpans: [{ resource: resource('frontend'), scopeSpans: [{ spans }] }] }));
}

/** `count` log lines per service of frontend and checkout, spread over `minutes` minutes from DENSE_T0. OTLP/JSON. */
export function writeDenseLogs(path: string, { seed, count, minutes = 3 }: { seed: number; count: number; minutes?: number }): void {
  const next = random(seed + 1);
  writeFileSync(
    path,
    JSON.stringify({
      resourceLogs: ['frontend', 'checkout'].map((service) => ({
        resource: resource(service),
        scopeLogs: [
          {
            logRecords: Array.from({ length: count }, (_, i) => ({
              timeUnixNano: String(DENSE_T0 + BigInt(Math.floor(next() * Number(MINUTE) * minutes))),
              severityNumber: 9,
              body: { stringValue: `${service} line ${i}` },
            })),
          },
        ],
      })),
    }),
  );
}
