import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../shared/analysis/analyze.js';
import { generateScenario, type Scenario } from '../fixtures/scenarios/generate-scenario.js';
import type { LogRecord, Span } from '../shared/model.js';
import type { Suspect } from '../shared/analysis/types.js';

/**
 * `npm run bench -- analyze [--spans N] [--services N]`: the root-cause ranking over a generated window of about
 * 1M spans over 3,000 services (100 systems of 30), one with a latency fault: full analysis time, time to the first (partial) suspects, and
 * peak RSS. The rows are generated in this process first, so peak RSS includes them; the RSS before the analysis
 * is printed too.
 */
/** The bench's window: about `spanTarget` spans over `services` services (systems of 30), system 0 with a latency fault. */
export interface BenchWindow {
  spans: Span[];
  logs: LogRecord[];
  scenario: Scenario;
}

export function generateWindow(spanTarget: number, services: number): BenchWindow {
  // One window of many independent 30-service systems (distinct names): a 3,000-service topology generated as one
  // DAG multiplies paths per request far beyond what real requests touch. System 0 has the fault.
  const systems = Math.max(1, Math.round(services / 30));
  // Spans per request differ by topology (seed): the average of a few systems sets the requests per system.
  const probes = [2, 3, 4, 5, 6].map((seed) => generateScenario({ seed, fault: 'none', shape: { services: 30, depth: 4, fanOut: 2, asyncHops: 1 }, onset: 0.5, traces: 100 }).spans.length / 100);
  const spansPerTrace = probes.reduce((a, b) => a + b, 0) / probes.length;
  const traces = Math.max(20, Math.round(spanTarget / systems / spansPerTrace));
  const spans: Span[] = [];
  const logs: LogRecord[] = [];
  let scenario: Scenario | null = null;
  for (let k = 0; k < systems; k++) {
    // The faulty system gets the traffic the accuracy runs give every scenario (800 requests): at ~140 requests in
    // half an hour, a fault leaves too few slow requests to tell from chance, and the bench would time nothing real.
    const s = generateScenario({ seed: k + 1, fault: k === 0 ? 'latency' : 'none', shape: { services: 30, depth: 4, fanOut: 2, asyncHops: 1 }, strength: 0.8, onset: 0.5, traces: k === 0 ? Math.max(traces, 800) : traces, noise: { slow: 1, failing: 1 } });
    rename(s, `s${k}-`, k);
    scenario ??= s;
    for (const x of s.spans) spans.push(x);
    for (const l of s.logs) logs.push(l);
  }
  return { spans, logs, scenario: scenario! };
}

export function benchAnalyze(spanTarget: number, services: number): void {
  let began = performance.now();
  const { spans, logs, scenario } = generateWindow(spanTarget, services);
  const generatedS = (performance.now() - began) / 1000;
  const servicesSeen = new Set(spans.map((x) => x.service)).size;
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  let firstMs: number | null = null;
  let first: Suspect | undefined;
  began = performance.now();
  const result = analyze(
    { spans, logs, window: scenario.window },
    {
      onPartial: (partial) => {
        if (firstMs !== null) return;
        firstMs = performance.now() - began;
        first = partial.suspects[0];
      },
    },
  );
  const fullMs = performance.now() - began;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const top = result.suspects[0];
  console.log(`analyze: ${spans.length.toLocaleString('en')} spans, ${logs.length.toLocaleString('en')} logs, ${servicesSeen} services (generated in ${generatedS.toFixed(1)} s)`);
  console.log(`  full analysis        ${(fullMs / 1000).toFixed(2)} s   (target ≤ 3 s)`);
  console.log(`  first suspects       ${((firstMs ?? fullMs) / 1000).toFixed(2)} s   (target ≤ 1 s; a sample of whole traces is ranked first)`);
  console.log(`    their top suspect  ${first ? `${first.kind} ${first.service} ${first.operation} (${first.score})` : 'none'}`);
  console.log(`  RSS before analysis  ${(rssBefore / 2 ** 20).toFixed(0)} MiB (the generated rows)`);
  console.log(`  peak RSS             ${peakMiB.toFixed(0)} MiB (target ≤ 1 GiB; includes the generator)`);
  console.log(`  top suspect          ${top ? `${top.kind} ${top.service} ${top.operation} (${top.score})` : 'none'}; truth ${JSON.stringify(scenario.truth)}`);
  const truthRank = result.suspects.findIndex((x) => x.service === scenario.truth?.service) + 1;
  console.log(`  the truth's rank     ${truthRank === 0 ? 'not among the suspects' : `#${truthRank} of ${result.suspects.length}`}; suspects in the 99 healthy systems: ${result.suspects.filter((x) => !x.service.startsWith('s0-')).length}`);
  console.log('  (2 cores shared by ~8 engineers: figures are pessimistic)');
}

/** The generator's garbage out of the way, so RSS before the analysis is the rows themselves. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Gives a system's services names of their own, in spans, resources and logs, and its trace and span ids too: every
 * scenario counts its ids from 1, and systems sharing ids would merge their traces into one another. A trace's id
 * and a service's name are one string each, shared by their spans, as the app's reader gives them
 * (readAnalysisRows interns them).
 */
function rename(s: Scenario, prefix: string, system: number): void {
  // Ids as flat strings, as SQLite gives them: a concatenation is a rope that V8 flattens (allocating) on the first
  // comparison or hash, a cost the app's rows never have.
  const own = (id: string) => Buffer.from(system.toString(16).padStart(4, '0') + id.slice(4), 'latin1').toString('latin1');
  const shared = new Map<string, string>();
  const once = (text: string) => {
    let known = shared.get(text);
    if (known === undefined) shared.set(text, (known = text));
    return known;
  };
  const resources = new Set<Span['resource']>();
  for (const x of s.spans) {
    x.service = once(prefix + x.service);
    x.traceId = once(own(x.traceId));
    x.spanId = own(x.spanId);
    if (x.parentSpanId !== null) x.parentSpanId = own(x.parentSpanId);
    for (const link of x.links) {
      link.traceId = own(link.traceId);
      link.spanId = own(link.spanId);
    }
    resources.add(x.resource);
  }
  for (const r of resources) r['service.name'] = prefix + String(r['service.name']);
  for (const l of s.logs) {
    l.service = prefix + l.service;
    if (l.traceId !== null) l.traceId = own(l.traceId);
    if (l.spanId !== null) l.spanId = own(l.spanId);
  }
  if (s.truth) s.truth = { ...s.truth, service: prefix + s.truth.service };
}
