import { parseArgs } from 'node:util';
import { benchCasefile } from './casefile.js';
import { benchBubbleUp } from './bubbleup.js';
import { benchAccuracy } from './analyze-accuracy.js';
import { benchAnalyze } from './analyze.js';
import { benchAnalyzeApp } from './analyze-app.js';
import { benchFirstLook } from './first-look.js';
import { benchFleet } from './fleet.js';
import { benchIngest, benchIngestLevers } from './ingest.js';
import { benchIngestTrace } from './ingest-trace.js';
import { benchOverview } from './overview.js';
import { benchSlo } from './slo.js';
import { benchPull } from './pull.js';
import { benchReceiver } from './receiver.js';
import { benchReceiverTrace } from './receiver-trace.js';
import { benchViewsLogs } from './views-logs.js';
import { benchViewsTrace } from './views-trace.js';
import { benchViewsGraph } from './views-graph.js';

/** `npm run bench -- <name> [options]`: prints measured figures; targets are printed beside them, never asserted. */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { spans: { type: 'string' }, logs: { type: 'string' }, seeds: { type: 'string' }, services: { type: 'string' } },
});
const benches: Record<string, () => Promise<void>> = {
  bubbleup: () => Promise.resolve(benchBubbleUp(Number(values.spans ?? 1_000_000))),
  ingest: () => benchIngest(Number(values.spans ?? 1_000_000), Number(values.logs ?? 2_000_000)),
  'ingest-levers': () => benchIngestLevers(Number(values.spans ?? 1_000_000)),
  'first-look': () => Promise.resolve(benchFirstLook(Number(values.spans ?? 1_000_000))),
  'ingest-trace': () => benchIngestTrace(Number(values.spans ?? 2_000_000)),
  'views-logs': () => Promise.resolve(benchViewsLogs(Number(values.logs ?? 10_000_000))),
  'views-trace': () => benchViewsTrace(),
  'views-graph': () => benchViewsGraph(),
  pull: () => benchPull(Number(values.spans ?? 100_000)),
  receiver: async () => {
    await benchReceiver(Number(values.spans ?? 200_000));
    benchReceiverTrace(100_000);
  },
  'receiver-trace': () => Promise.resolve(benchReceiverTrace(Number(values.spans ?? 100_000))),
  overview: () => benchOverview(Number(values.spans ?? 10_000_000)),
  slo: () => benchSlo(Number(values.spans ?? 10_000_000)),
  casefile: () => benchCasefile(Number(values.logs ?? 1_000_000)),
  accuracy: () => Promise.resolve(benchAccuracy(Number(values.seeds ?? 40))),
  analyze: () => Promise.resolve(benchAnalyze(Number(values.spans ?? 1_000_000), Number(values.services ?? 3000))),
  'analyze-app': () => Promise.resolve(benchAnalyzeApp(Number(values.spans ?? 1_000_000), Number(values.services ?? 3000))),
  fleet: () => benchFleet(Number(values.services ?? 5000), Number(values.seeds ?? 5)),
};
/** Groups the issues name: `views` is every investigation-view figure; `scale` every figure of speed at scale (issue 10). */
const groups: Record<string, string[]> = {
  views: ['views-trace', 'views-graph', 'views-logs'],
  scale: ['ingest', 'ingest-trace', 'first-look', 'overview', 'views-trace'],
};
const names = (positionals.length > 0 ? positionals : Object.keys(benches)).flatMap((name) => groups[name] ?? [name]);
for (const name of names) {
  const bench = benches[name];
  if (bench === undefined) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${[...Object.keys(benches), ...Object.keys(groups)].join(', ')}\n`);
    process.exit(2);
  }
  await bench();
}
