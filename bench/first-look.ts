import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTraceFile, type TraceFileFormat } from '../test/trace-files.js';
import { BENCH_DIR } from './bench-data.js';

const CHILD = fileURLToPath(new URL('./first-look-child.ts', import.meta.url));
const FORMATS: TraceFileFormat[] = ['jaeger', 'otlp', 'zipkin'];

interface Look {
  spans: number;
  importS: number;
  rowsMs: number;
  arrivingMs: number | null;
  warmS: number;
  lookMs: number;
  fromLook: boolean;
  maxRssMiB: number;
}

/**
 * `npm run bench -- first-look [--spans N]`: the first look at a dropped file (issue 10), for one trace of 10k, 100k
 * and N (default 1M) spans in Jaeger, OTLP/JSON and Zipkin v2: import, then layout + first rows, each file in a
 * process of its own (peak RSS). Files are generated once into bench-data/first-look/.
 */
export function benchFirstLook(maxSpans: number): void {
  const dir = join(BENCH_DIR, 'first-look');
  mkdirSync(dir, { recursive: true });
  const sizes = [10_000, 100_000, maxSpans].filter((n, i, all) => n <= maxSpans && all.indexOf(n) === i);
  process.stdout.write('first-look: file → import → first waterfall rows (server side; target: rows ≤ 1 s after the drop)\n');
  process.stdout.write('  arriving = first rows of the trace while the import still runs (the waterfall watching it arrive)\n');
  process.stdout.write('  then the first look the app stores after the import, and a cold open of the cached trace (new connection)\n');
  process.stdout.write('  (cold-open target: ≤ 250 ms at 100k spans, ≤ 1 s at 1M; * = laid out from its spans, no first look below 20k)\n');
  process.stdout.write(`  ${'format'.padEnd(8)} ${'spans'.padStart(10)} ${'MB'.padStart(6)} ${'arriving'.padStart(9)} ${'import'.padStart(9)} ${'rows'.padStart(9)} ${'total'.padStart(9)} ${'spans/s'.padStart(9)} ${'look'.padStart(8)} ${'cold'.padStart(9)} ${'peak RSS'.padStart(9)}  (RSS: import + layout)\n`);
  for (const spans of sizes) {
    for (const format of FORMATS) {
      const file = join(dir, `${format}-${spans}.json`);
      const trace = existsSync(file) ? null : writeTraceFile(file, spans, format);
      const traceId = trace?.traceId ?? '4bf92f3577b34da6a3ce929d0e0e4736';
      const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'cache.sqlite'), file, traceId], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const look = JSON.parse(out.trim().split('\n').pop()!) as Look;
      const mb = statSync(file).size / 1e6;
      const cells = [
        format.padEnd(8),
        look.spans.toLocaleString('en-US').padStart(10),
        mb.toFixed(0).padStart(6),
        (look.arrivingMs === null ? '—' : `${look.arrivingMs.toFixed(0)} ms`).padStart(9),
        `${look.importS.toFixed(2)} s`.padStart(9),
        `${look.rowsMs.toFixed(0)} ms`.padStart(9),
        `${(look.importS + look.rowsMs / 1000).toFixed(2)} s`.padStart(9),
        Math.round(look.spans / look.importS).toLocaleString('en-US').padStart(9),
        (look.fromLook ? `${look.warmS.toFixed(2)} s` : '—').padStart(8),
        `${look.lookMs.toFixed(0)} ms${look.fromLook ? '' : '*'}`.padStart(9),
        `${look.maxRssMiB.toFixed(0)} MiB`.padStart(9),
      ];
      process.stdout.write(`  ${cells.join(' ')}\n`);
    }
  }
}
