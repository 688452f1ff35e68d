import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWriteConnection } from '../electron/core/db/open-database.js';
import { RowEncoder } from '../electron/core/ingest/row-encoder.js';
import { RowWriter } from '../electron/core/ingest/row-writer.js';
import { SPAN_KINDS, STATUS_CODES } from '../shared/model.js';
import type { AnalysisWindow } from '../shared/analysis/types.js';
import { generateWindow } from './analyze.js';
import { BENCH_DIR } from './bench-data.js';

const CHILD = fileURLToPath(new URL('./analyze-app-child.ts', import.meta.url));

/**
 * `npm run bench -- analyze-app [--spans N] [--services N]`: the analysis as the app runs it, on the analyze bench's
 * window stored in a cache (built once in bench-data/): the analysis threads' work — read the window's rows from
 * SQLite, rank, detect — in a process of its own, so its time and peak RSS are what a user's machine spends.
 */
export function benchAnalyzeApp(spanTarget: number, services: number): void {
  const { path, window, truth } = analysisCache(spanTarget, services);
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, path, JSON.stringify(window)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { spansRead: number; firstMs: number | null; firstTop: string | null; fullMs: number; top: string | null; maxRssMiB: number };
  console.log(`analyze (app path): ${r.spansRead.toLocaleString('en')} spans read from the cache, ${services} services`);
  console.log(`  full (read + rank + detect)  ${(r.fullMs / 1000).toFixed(2)} s   (target ≤ 3 s for the analysis)`);
  console.log(`  first suspects               ${r.firstMs === null ? '-' : `${(r.firstMs / 1000).toFixed(2)} s`}   (target ≤ 1 s): ${r.firstTop ?? 'none'}`);
  console.log(`  peak RSS                     ${r.maxRssMiB.toFixed(0)} MiB   (target ≤ 1 GiB)`);
  console.log(`  top suspect                  ${r.top ?? 'none'}; truth ${truth}`);
}

interface CacheInfo {
  path: string;
  window: AnalysisWindow;
  truth: string;
}

function analysisCache(spanTarget: number, services: number): CacheInfo {
  const path = join(BENCH_DIR, `analyze-${spanTarget}-${services}.sqlite`);
  const done = `${path}.done.json`;
  if (existsSync(path) && existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as CacheInfo;
  for (const suffix of ['', '-wal', '-shm', '.done.json']) rmSync(`${path}${suffix}`, { force: true });
  const began = performance.now();
  const { spans, logs, scenario } = generateWindow(spanTarget, services);
  const db = openWriteConnection(path);
  const encoder = new RowEncoder(5000);
  db.transaction(() => {
    const writer = new RowWriter(db, null);
    const drain = (force: boolean) => {
      const batch = encoder.take(force);
      if (batch !== null) writer.write(batch);
    };
    for (const s of spans) {
      encoder.span({
        ...s,
        kind: Math.max(0, SPAN_KINDS.indexOf(s.kind)),
        statusCode: Math.max(0, STATUS_CODES.indexOf(s.statusCode)),
        startNs: BigInt(s.startNs),
        endNs: BigInt(s.endNs),
      });
      drain(false);
    }
    for (const l of logs) {
      encoder.log({ ...l, timeNs: BigInt(l.timeNs), observedNs: null, scope: null });
      drain(false);
    }
    drain(true);
    writer.flush();
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const info: CacheInfo = { path, window: scenario.window, truth: JSON.stringify(scenario.truth) };
  writeFileSync(done, JSON.stringify(info));
  process.stderr.write(`built ${spans.length.toLocaleString('en')} spans into ${path} in ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
  return info;
}
