import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rankFleet } from '../shared/fleet/fleet-rank.js';
import type { FleetAggregates } from '../shared/fleet/types.js';
import { sourceConfig } from '../shared/sources.js';
import { openCore } from '../electron/core/core.js';
import { startWebServer } from '../electron/web/server.js';
import { launchChromium } from '../test/e2e/chromium.js';
import { generateFleet, type FaultKind, type FaultPlace } from '../electron/core/fleet/test-support/fleet-model.js';
import { allSeries } from '../electron/core/fleet/test-support/model-series.js';

const SERVER = fileURLToPath(new URL('./fleet-server.ts', import.meta.url));
const RENDERER = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
// On a whole minute: the UI asks by the minute, and must ask the question the fake has already answered.
const START = 1_760_000_040;
const STEP = 60;
const BUCKETS = 60;

/**
 * `npm run bench -- fleet [--services N] [--seeds N]`: a generated fleet of N services (default 5,000) × 60 buckets
 * served by a fake Prometheus computing span metrics from sampled requests; a fresh cache asks it the fleet
 * question, caches the answer and ranks it. Targets: pull + ranking ≤ 3 s, cache growth ≤ 50 MB. Then the ranking's
 * accuracy per fault kind over generated fleets (seeds × places) and its false suspects on healthy fleets.
 */
export async function benchFleet(services: number, seeds: number): Promise<void> {
  let began = performance.now();
  const server = await startServer(services);
  const fault = server.fault;
  log(`fleet: ${services.toLocaleString('en')} services, ${server.edges.toLocaleString('en')} edges × ${BUCKETS} buckets generated and served in ${secs(began)} by a fake Prometheus in its own process (fault: ${fault.kind} at ${fault.service}, bucket ${fault.at})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'casefile-bench-fleet-'));
  try {
    const databasePath = path.join(dir, 'cache.sqlite');
    const query = { startNs: `${START}000000000`, endNs: `${START + STEP * BUCKETS}000000000`, buckets: BUCKETS };
    // Once against a throwaway cache, so the fake has its answers encoded: what is timed is Casefile's side.
    await pullOnce(path.join(dir, 'warm.sqlite'), server.url, query);
    rmSync(path.join(dir, 'warm.sqlite'), { force: true });

    const core = await openCore({ databasePath, mode: 'web', journalFolder: dir });
    await core.handlers.saveSource({ config: sourceConfig.parse({ name: 'prom', kind: 'prometheus', url: server.url, timeoutMs: 120_000 }), secrets: {} });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = fileSize(databasePath);
    began = performance.now();
    const started = await core.handlers.pullAggregates({ source: 'prom', query, refresh: false });
    const job = (await core.pulls.wait(started.id))!;
    const pulled = performance.now() - began;
    if (job.state !== 'done') throw new Error(job.error ?? job.state);
    const ranking = performance.now();
    const report = await core.handlers.fleetReport({ confirm: false, series: false });
    const ranked = performance.now() - ranking;
    const json = JSON.stringify(report);
    const total = performance.now() - began;
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const growth = fileSize(databasePath) - sizeBefore;
    core.close();
    log(`pull: ${job.requests} query_range calls, ${mib(job.bytes)} received, ${job.aggregates!.series.toLocaleString('en')} series cached in ${(pulled / 1000).toFixed(2)} s`);
    log(`ranking: ${report!.services.length.toLocaleString('en')} services, ${report!.edges.length.toLocaleString('en')} edges, ${report!.changes.length} changes → ${report!.suspects.length} suspects in ${(ranked / 1000).toFixed(2)} s; report ${mib(json.length)}`);
    log(`top suspect: ${report!.suspects[0]?.statement ?? 'none'} (${report!.suspects[0]?.service === fault.service ? 'the injected fault' : 'NOT the injected fault'})`);
    log(`pull + ranking: ${(total / 1000).toFixed(2)} s   (target ≤ 3 s, graph drawn from report.edges by the graph view)`);
    log(`cache growth: ${mib(growth)}   (target ≤ 50 MB)`);
    await onScreen(path.join(dir, 'ui'), server.url, server.fault.service);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  accuracy(seeds);
}

interface Served {
  url: string;
  fault: { kind: string; service: string; at: number };
  edges: number;
  close(): void;
}

async function startServer(services: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, String(services), String(BUCKETS), '5', String(START), String(STEP)], { stdio: ['pipe', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) {
    const started = JSON.parse(line) as Omit<Served, 'close'>;
    return { ...started, close: () => child.stdin.end() };
  }
  throw new Error('the fake Prometheus did not start');
}

/**
 * The same question asked in the UI (headless Chromium over the web server, a fresh cache): from the click on "Ask
 * the fleet" until the ranked suspects are on screen, then from "Open the fleet graph" until the 5,000-service graph
 * has drawn its first frame. Needs the built renderer (npm run build:renderer).
 */
async function onScreen(dir: string, promUrl: string, culprit: string): Promise<void> {
  mkdirSync(path.join(dir, 'uploads'), { recursive: true });
  const core = await openCore({ databasePath: path.join(dir, 'cache.sqlite'), mode: 'web', journalFolder: dir });
  await core.handlers.saveSource({ config: sourceConfig.parse({ name: 'prom', kind: 'prometheus', url: promUrl, timeoutMs: 120_000 }), secrets: {} });
  const server = await startWebServer({ handlers: core.handlers, port: 0, staticDir: RENDERER, uploadDir: path.join(dir, 'uploads') });
  const context = await launchChromium(dir, 'light');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.locator('[data-testid="nav-sources"]').click({ timeout: 120_000 });
    await page.locator('[data-testid="source-row"][data-source="prom"]').click();
    const section = page.locator('[data-testid="fleet-pull"]');
    await section.locator('[data-testid="search-time"]').selectOption('between');
    await section.locator('[data-testid="search-time-from"]').fill(new Date(START * 1000).toISOString().slice(0, 16).replace('T', ' '));
    await section.locator('[data-testid="search-time-to"]').fill(new Date((START + STEP * BUCKETS) * 1000).toISOString().slice(0, 16).replace('T', ' '));
    const asked = performance.now();
    await section.locator('[data-testid="fleet-run"]').click();
    const first = section.locator('[data-testid="fleet-suspect"]').first();
    await first.waitFor({ timeout: 120_000 });
    const ranked = performance.now() - asked;
    const top = await first.getAttribute('data-service');
    const painted = await page.evaluate<number>(`new Promise((resolve) => {
      const started = performance.now();
      const done = () => document.querySelector('[data-testid="graph-canvas"][data-painted="true"]') !== null;
      const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(performance.now() - started); } });
      observer.observe(document.body, { subtree: true, attributes: true, childList: true });
      document.querySelector('[data-testid="fleet-open-graph"]').click();
    })`);
    // What was timed, to look at: the fleet graph as drawn.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bench-fleet-graph.png') });
    log(`on screen (Chromium, fresh cache): ask → ranked suspects ${(ranked / 1000).toFixed(2)} s (${top === culprit ? 'the injected fault first' : `NOT the fault: ${top}`}); open the fleet graph → drawn ${(painted / 1000).toFixed(2)} s; together ${((ranked + painted) / 1000).toFixed(2)} s   (target ≤ 3 s)`);
  } finally {
    await context.close();
    await server.close();
    core.close();
  }
}

async function pullOnce(databasePath: string, url: string, query: { startNs: string; endNs: string; buckets: number }): Promise<void> {
  const core = await openCore({ databasePath, mode: 'web', journalFolder: path.dirname(databasePath) });
  try {
    await core.handlers.saveSource({ config: sourceConfig.parse({ name: 'prom', kind: 'prometheus', url, timeoutMs: 120_000 }), secrets: {} });
    const started = await core.handlers.pullAggregates({ source: 'prom', query, refresh: false });
    await core.pulls.wait(started.id);
  } finally {
    core.close();
  }
}

/** Top-1 per fault kind over seeds × places at 1,000 services, and suspects named on healthy fleets. */
function accuracy(seeds: number): void {
  const kinds: FaultKind[] = ['latency', 'errors', 'traffic'];
  const places: FaultPlace[] = ['top', 'middle', 'leaf'];
  log(`accuracy over generated fleets (1,000 services, ${seeds} seeds × ${places.length} places per kind):`);
  for (const kind of kinds) {
    let top1 = 0;
    let top3 = 0;
    let cases = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      for (const place of places) {
        const model = generateFleet({ services: 1000, buckets: BUCKETS, seed: 1000 + seed * 7, fault: { kind, place } });
        const suspects = rankFleet({ answer: answerOf(model), sources: [] }).suspects;
        cases++;
        if (suspects[0]?.service === model.fault!.service) top1++;
        if (suspects.slice(0, 3).some((s) => s.service === model.fault!.service)) top3++;
      }
    }
    log(`  ${kind.padEnd(8)} top-1 ${top1}/${cases}  top-3 ${top3}/${cases}`);
  }
  let named = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const model = generateFleet({ services: 1000, buckets: BUCKETS, seed: 5000 + seed, fault: null });
    named += rankFleet({ answer: answerOf(model), sources: [] }).suspects.length;
  }
  log(`  healthy  ${named} suspects named over ${seeds} fleets (target 0)`);
}

function answerOf(model: ReturnType<typeof generateFleet>): FleetAggregates {
  return { source: 'bench', startNs: `${START}000000000`, stepNs: `${STEP}000000000`, buckets: model.buckets, events: 0, series: allSeries(model) };
}

function fileSize(file: string): number {
  return statSync(file).size + (safeSize(`${file}-wal`) ?? 0);
}

function safeSize(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

const secs = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const log = (line: string) => process.stdout.write(`${line}\n`);
