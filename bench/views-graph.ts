import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openCore } from '../electron/core/core.js';
import { importFile } from '../electron/core/ingest/import-file.js';
import { serviceGraph } from '../electron/core/queries/service-graph.js';
import { startWebServer } from '../electron/web/server.js';
import { layoutGraph } from '../renderer/src/views/graph/graph-layout.js';
import { buildGraphModel, layoutRequestOf } from '../renderer/src/views/graph/graph-model.js';
import { GROUP_BY_DEFAULT_ABOVE } from '../renderer/src/views/graph/grouping.js';
import { launchChromium } from '../test/e2e/chromium.js';
import { jaegerSampleDependencies, syntheticDependencies, writeDependencySpans, type Dependency } from './views-graph-data.js';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

interface Case {
  name: string;
  dependencies: () => Dependency[];
}

const CASES: Case[] = [
  { name: 'synthetic 500 services / 1,500 edges', dependencies: () => syntheticDependencies(500, 1500) },
  { name: 'jaeger-ui sample (1.2k services / 4.3k edges)', dependencies: jaegerSampleDependencies },
  { name: 'synthetic 5,000 services / 15,000 edges', dependencies: () => syntheticDependencies(5000, 15_000) },
];

/**
 * `npm run bench -- views-graph`: the service graph view in headless Chromium over the real core and web server.
 * Per graph: the API call, the layout (the worker's function, timed in Node), first paint after clicking the
 * Graph tab (cold: fresh page, nothing cached; warm: the same graph again), and frame times while panning.
 */
export async function benchViewsGraph(): Promise<void> {
  for (const benchCase of CASES) await runCase(benchCase);
}

async function runCase({ name, dependencies }: Case): Promise<void> {
  const deps = dependencies();
  const dir = mkdtempSync(path.join(tmpdir(), 'casefile-bench-graph-'));
  const uploadDir = path.join(dir, 'uploads');
  mkdirSync(uploadDir);
  const file = writeDependencySpans(name.replace(/[^a-z0-9]+/gi, '-'), deps);
  const core = await openCore({ databasePath: path.join(dir, 'cache.sqlite'), mode: 'web' });
  await importFile(core.db, file, { kind: 'import', target: file });

  let started = performance.now();
  const graph = serviceGraph(core.db, {});
  const apiMs = performance.now() - started;
  const model = buildGraphModel(graph, graph.nodes.length > GROUP_BY_DEFAULT_ABOVE);
  started = performance.now();
  layoutGraph(layoutRequestOf(model));
  const layoutMs = performance.now() - started;

  const server = await startWebServer({ handlers: core.handlers, port: 0, staticDir: rendererDir, uploadDir });
  const context = await launchChromium(dir, 'dark');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript('window.__casefileTestHooks = true;');
    await page.goto(server.url);
    // Leave the graph (the default view), then reload: the page starts on Traces with nothing cached.
    await page.locator('[data-testid="nav-traces"]').click({ timeout: 120_000 });
    await page.locator('[data-testid="main"][data-view="traces"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="main"][data-view="traces"]').waitFor();
    const coldMs = await clickGraphUntilPainted(page);
    const pan = await panFrames(page);
    const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '');
    const expand = await expandOneGroup(page, slug);
    await page.locator('[data-testid="nav-traces"]').click({ timeout: 120_000 });
    await page.locator('[data-testid="main"][data-view="traces"]').waitFor();
    const warmMs = await clickGraphUntilPainted(page);
    const rows: [string, string, string][] = [
      ['nodes / edges drawn', `${model.nodes.length.toLocaleString('en-US')} / ${model.edges.length.toLocaleString('en-US')}`, ''],
      ['groups', String(model.groups.length), ''],
      ['serviceGraph API (in process)', `${apiMs.toFixed(0)} ms`, ''],
      ['layout (worker function)', `${layoutMs.toFixed(0)} ms`, ''],
      ['first paint, cold (click → drawn)', `${coldMs.toFixed(0)} ms`, '≤ 2,000 ms'],
      ['first paint, warm (click → drawn)', `${warmMs.toFixed(0)} ms`, ''],
      ['pan frame p50 / p95 / max', `${pan.p50.toFixed(1)} / ${pan.p95.toFixed(1)} / ${pan.max.toFixed(1)} ms`, 'p95 ≤ 33 ms'],
      ['pan frames in 2 s', String(pan.frames), ''],
      ...(expand === null
        ? []
        : ([
            ['groups drawn collapsed', String(expand.collapsed), ''],
            [`expand "${expand.group}" (tap → drawn)`, `${expand.ms.toFixed(0)} ms`, ''],
            ['pan frame p95, one group open', `${expand.panP95.toFixed(1)} ms`, 'p95 ≤ 33 ms'],
          ] as [string, string, string][])),
    ];
    process.stdout.write(`views-graph: ${name}\n`);
    for (const [label, value, target] of rows) process.stdout.write(`  ${label.padEnd(36)} ${value.padStart(22)}   ${target}\n`);
  } finally {
    await context.close();
    await server.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Clicks the Graph tab and times, in the page, until the canvas reports its first drawn frame. */
async function clickGraphUntilPainted(page: Page): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    const started = performance.now();
    const painted = () => document.querySelector('[data-testid="graph-canvas"][data-painted="true"]') !== null;
    const observer = new MutationObserver(() => {
      if (painted()) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(document.body, { subtree: true, attributes: true, childList: true });
    document.querySelector('[data-testid="nav-graph"]').click();
  })`);
}

/**
 * On a graph drawn with collapsed groups: screenshots it, taps the biggest group open (timing until the next frame is
 * drawn), screenshots again once zoomed into it, and pans there. Null when nothing is collapsed.
 */
async function expandOneGroup(page: Page, slug: string): Promise<{ collapsed: number; group: string; ms: number; panP95: number } | null> {
  const collapsed = await page.evaluate<number>(`window.__casefileGraph.nodes('.group.collapsed').length`);
  if (collapsed === 0) return null;
  const dir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  await page.evaluate(`window.__casefileGraph.fit(undefined, 30)`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `bench-graph-${slug}-collapsed.png`) });
  const tapped = await page.evaluate<{ group: string; ms: number }>(`new Promise((resolve) => {
    const cy = window.__casefileGraph;
    const group = cy.nodes('.group.collapsed').max((n) => n.data('width') * n.data('height')).ele;
    const started = performance.now();
    cy.one('render', () => resolve({ group: group.id().slice(2), ms: performance.now() - started }));
    group.emit('tap');
  })`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(dir, `bench-graph-${slug}-one-group-open.png`) });
  const pan = await panFrames(page);
  await page.evaluate(`window.__casefileGraph.fit(undefined, 30)`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `bench-graph-${slug}-one-group-open-fit.png`) });
  return { collapsed, ...tapped, panP95: pan.p95 };
}

/** Pans in a circle for ~2 s, one step per animation frame, and returns the frame intervals. */
async function panFrames(page: Page): Promise<{ p50: number; p95: number; max: number; frames: number }> {
  const deltas = await page.evaluate<number[]>(`new Promise((resolve) => {
    const cy = window.__casefileGraph;
    const deltas = [];
    let last = performance.now();
    const started = last;
    let step = 0;
    const frame = (now) => {
      deltas.push(now - last);
      last = now;
      step++;
      cy.panBy({ x: Math.cos(step / 10) * 12, y: Math.sin(step / 10) * 12 });
      if (now - started < 2000) requestAnimationFrame(frame);
      else resolve(deltas.slice(1));
    };
    requestAnimationFrame(frame);
  })`);
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, frames: deltas.length };
}
