import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openCore } from '../electron/core/core.js';
import { openDatabase } from '../electron/core/db/open-database.js';
import { FIRST_LOOK_MIN_SPANS } from '../electron/core/queries/first-look.js';
import { startWebServer } from '../electron/web/server.js';
import { launchChromium } from '../test/e2e/chromium.js';
import { generateTrace, type GeneratedTrace } from './trace-generator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = path.join(repoRoot, 'dist/renderer');
const SIZES = [10_000, 100_000, 1_000_000];
const SCROLL_MS = 5000;
/** Pixels per frame of programmatic scrolling: 5 rows a frame, ~300 rows a second at 60 fps. */
const SCROLL_STEP_PX = 120;

/**
 * `npm run bench -- views-trace`: synthetic traces of 10k, 100k and 1M spans in a temp cache, the real core and
 * web server, headless Chromium. Prints the time from clicking a trace in the list to its first rows on screen, and
 * frame times while scrolling the 100k-span trace. For comparison, Jaeger UI takes 4.95 s to show a 100k-span trace.
 */
export async function benchViewsTrace(): Promise<void> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is not built: run "npm run build:renderer" first');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casefile-bench-trace-'));
  const databasePath = path.join(dataDir, 'cache.sqlite');
  try {
    const traces: GeneratedTrace[] = [];
    const db = openDatabase(databasePath);
    for (const [i, size] of SIZES.entries()) {
      const began = performance.now();
      traces.push(generateTrace(db, size, i + 1));
      log(`generated ${traces.at(-1)!.spans.toLocaleString('en')} spans in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    }
    db.close();

    const core = await openCore({ databasePath, mode: 'web', loadDemoIfEmpty: false });
    // The app stores big traces' first looks after the writes that grew them; these rows were inserted directly, so
    // it catches up at open. Clicks below are then cold opens of traces cached but never opened (issue 10).
    const opened = performance.now();
    const bigTraces = traces.filter((trace) => trace.spans >= FIRST_LOOK_MIN_SPANS).length;
    while ((core.db.prepare('SELECT count(*) FROM trace_first_looks').pluck().get() as number) < bigTraces) {
      if (performance.now() - opened > 300_000) throw new Error('the first looks were not stored within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    log(`first looks of the ${bigTraces} traces of ≥ ${FIRST_LOOK_MIN_SPANS.toLocaleString('en')} spans stored ${((performance.now() - opened) / 1000).toFixed(1)} s after open`);
    const uploadDir = path.join(dataDir, 'uploads');
    mkdirSync(uploadDir);
    const server = await startWebServer({ handlers: core.handlers, port: 0, staticDir: rendererDir, uploadDir });
    const context = await launchChromium(dataDir, 'dark');
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url);
      await page.locator('[data-testid="service-panel"][data-status="success"]').waitFor();
      log('');
      log('click → first rows visible (trace list click to painted rows, measured in the page; target ≤ 250 ms at 100k, ≤ 1 s at 1M)');
      for (const trace of traces) {
        const ms = await clickToFirstRows(page, trace.traceId);
        log(`  ${trace.spans.toLocaleString('en').padStart(9)} spans: ${ms.toFixed(0).padStart(5)} ms   (Jaeger UI, 100k spans: 4950 ms)`);
      }
      log('');
      const scroll = await scrollFrames(page, traces[1]!.traceId);
      log(`scrolling the ${traces[1]!.spans.toLocaleString('en')}-span trace for ${SCROLL_MS / 1000} s, ${SCROLL_STEP_PX} px a frame:`);
      log(
        `  frames ${scroll.frames}, p50 ${scroll.p50.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms, ` +
          `dropped (missed a vsync, > 25 ms) ${scroll.dropped}; rows scrolled past ${scroll.rowsPassed.toLocaleString('en')}; ` +
          `frames with placeholder rows on screen ${scroll.framesWithPlaceholders}`,
      );
    } finally {
      await context.close();
      await server.close();
      core.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Opens the trace list, clicks the trace's row, and times (in the page) click → first span row painted. */
async function clickToFirstRows(page: Page, traceId: string): Promise<number> {
  await page.evaluate(`location.hash = '#/traces'`);
  const row = page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`);
  await row.waitFor();
  await page.locator('[data-testid="span-row"]').first().waitFor({ state: 'detached' });
  // The page's own clock: a capture-phase click listener, then a MutationObserver for the first row, then the next
  // animation frame (the rows are painted by then).
  await page.evaluate(`(() => {
    window.__bench = new Promise((resolve) => {
      let clicked = 0;
      document.addEventListener('click', () => { clicked = performance.now(); }, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (clicked === 0 || !document.querySelector('[data-testid="span-row"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - clicked));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  })()`);
  await row.click();
  return page.evaluate<number>('window.__bench');
}

interface ScrollResult {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  dropped: number;
  rowsPassed: number;
  framesWithPlaceholders: number;
}

/** Scrolls the open waterfall programmatically, one step per animation frame, and reports the frame intervals. */
async function scrollFrames(page: Page, traceId: string): Promise<ScrollResult> {
  await page.evaluate(`location.hash = '#/trace/${traceId}'`);
  await page.locator('[data-testid="span-row"]').first().waitFor();
  return page.evaluate<ScrollResult>(`new Promise((resolve) => {
    const scroller = document.querySelector('[data-testid="waterfall-scroll"]');
    const deltas = [];
    let placeholders = 0;
    let last = 0;
    const started = performance.now();
    const frame = (now) => {
      if (last !== 0) deltas.push(now - last);
      last = now;
      const top = scroller.scrollTop;
      const bottom = top + scroller.clientHeight;
      // Placeholder rows inside the viewport: rows whose page had not arrived when this frame was drawn.
      for (const pending of scroller.querySelectorAll('[data-testid="span-row-pending"]')) {
        const y = Number(pending.style.transform.replace(/[^0-9.]/g, ''));
        if (y + 24 > top && y < bottom) { placeholders++; break; }
      }
      scroller.scrollTop = top + ${SCROLL_STEP_PX};
      if (now - started < ${SCROLL_MS}) return requestAnimationFrame(frame);
      const sorted = [...deltas].sort((a, b) => a - b);
      const q = (p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
      resolve({
        frames: deltas.length,
        p50: q(0.5),
        p95: q(0.95),
        max: sorted[sorted.length - 1],
        // A dropped frame missed a vsync: its delta is ~33 ms. rAF deltas jitter around 16.7 ms (16.6–16.8),
        // so "> 16.7" counted on-time frames as dropped.
        dropped: deltas.filter((d) => d > 25).length,
        rowsPassed: Math.round(scroller.scrollTop / 24),
        framesWithPlaceholders: placeholders,
      });
    };
    requestAnimationFrame(frame);
  })`);
}
