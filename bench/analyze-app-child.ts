import { runAnalysis } from '../electron/core/analysis/run-analysis.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import type { AnalysisWindow } from '../shared/analysis/types.js';

/**
 * `analyze-app-child DB WINDOW_JSON`, in a process of its own so peak RSS is the analysis's: what the app does when
 * asked for an analysis (its threads read the window's rows from the cache, rank, detect), timed. Prints one JSON
 * line.
 */
const [dbPath, windowJson] = process.argv.slice(2) as [string, string];
const window = JSON.parse(windowJson) as AnalysisWindow;
const db = openDatabase(dbPath, { readonly: true });
const started = performance.now();
let firstMs: number | null = null;
let firstTop: string | null = null;
const { result, stats } = await runAnalysis(db, { databasePath: dbPath, window, symptom: { kind: 'any' } }, (partial) => {
  if (firstMs !== null) return;
  firstMs = performance.now() - started;
  const top = partial.suspects[0];
  firstTop = top === undefined ? null : `${top.kind} ${top.service} ${top.operation} (${top.score})`;
});
const fullMs = performance.now() - started;
const top = result.suspects[0];
db.close();
process.stdout.write(
  `${JSON.stringify({
    spansRead: stats.spansRead,
    firstMs,
    firstTop,
    fullMs,
    top: top === undefined ? null : `${top.kind} ${top.service} ${top.operation} (${top.score})`,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
