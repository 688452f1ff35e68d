import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../shared/api-types.js';
import type { PullJob } from '../../shared/source-pulls.js';
import { dependenciesSample, fakeJaegerV1 } from '../core/sources/test-support/fake-jaeger.js';
import { fakeLoki } from '../core/sources/test-support/fake-loki.js';
import { fakeZipkin } from '../core/sources/test-support/fake-zipkin.js';
import { startLoopback, type Loopback } from '../core/sources/test-support/loopback.js';
import { runCasefile } from './test-support/run-casefile.js';

/** `casefile pull --dependencies` through the real bin against the loopback Jaeger and Zipkin (jaeger-ui's sample). */
const SAMPLE = dependenciesSample() as { parent: string; child: string; callCount: number }[];
/** The fields every PullJob had before dependencies: scripts reading --json keep finding them. */
const PULL_JOB_FIELDS = ['id', 'what', 'source', 'target', 'state', 'phase', 'requests', 'bytes', 'spansSeen', 'logsSeen', 'cached', 'fetchedAt', 'traces', 'logs', 'error', 'errorStage', 'loadId', 'tried'];
const GRAPH_EDGE_FIELDS = ['source', 'target', 'mode', 'callCount', 'errorCount', 'p50Ns', 'p95Ns', 'p99Ns'];

let dir: string;
const servers = {} as Record<'jaeger' | 'zipkin' | 'loki', Loopback>;
const casefile = (args: string[]) => runCasefile([...args, '--db', join(dir, 'cache.sqlite')]);
const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-deps-'));
  servers.jaeger = await startLoopback(fakeJaegerV1([]));
  servers.zipkin = await startLoopback(fakeZipkin([]));
  servers.loki = await startLoopback(fakeLoki([]));
  for (const kind of ['jaeger', 'zipkin', 'loki'] as const) await casefile(['source', 'add', kind, '--kind', kind, '--url', servers[kind].url]);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('casefile pull --dependencies', { timeout: 120_000 }, () => {
  it('pulls Jaeger dependencies as a PullJob, shows them in casefile graph, and answers again from the cache offline', async () => {
    const run = await casefile(['pull', '--source', 'jaeger', '--dependencies', '--since', '2h', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const job = json<PullJob>(run);
    expect(Object.keys(job)).toEqual(expect.arrayContaining([...PULL_JOB_FIELDS, 'dependencies', 'window']));
    expect(job).toMatchObject({ state: 'done', what: 'dependencies', source: 'jaeger', cached: false, target: 'jaeger dependencies {"lookbackMs":7200000}', traces: [], logs: [] });
    expect(job.dependencies).toHaveLength(SAMPLE.length);
    expect(BigInt(job.window!.endNs) - BigInt(job.window!.startNs)).toBe(7_200_000_000_000n);
    expect(servers.jaeger.requests.at(-1)!.query.get('lookback')).toBe('7200000');

    const graph = json<ServiceGraph>(await casefile(['graph', '--json']));
    expect(graph.edges).toHaveLength(SAMPLE.length);
    for (const edge of graph.edges) {
      // The fields scripts read are all there, unchanged in meaning (span figures: none for these edges).
      expect(Object.keys(edge)).toEqual([...GRAPH_EDGE_FIELDS, 'origin', 'dependencies']);
      expect(edge).toMatchObject({ origin: 'dependencies', callCount: 0, dependencies: [{ source: 'jaeger' }] });
    }
    const busiest = SAMPLE.reduce((a, b) => (b.callCount > a.callCount ? b : a));
    const human = await casefile(['graph']);
    expect(human.stdout).toMatch(new RegExp(`${busiest.parent} +${busiest.child} +sync +- +- +- +- +- +jaeger: ${busiest.callCount} calls`));

    await servers.jaeger.close();
    const offline = await casefile(['pull', '--source', 'jaeger', '--dependencies', '--since', '2h']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain(`from the cache: fetched from jaeger at ${new Date(job.fetchedAt!).toISOString()}`);
    expect(offline.stdout).toMatch(new RegExp(`^${busiest.parent} +${busiest.child} +${busiest.callCount} +-$`, 'm'));
    const refresh = await casefile(['pull', '--source', 'jaeger', '--dependencies', '--since', '2h', '--refresh']);
    expect(refresh.code).toBe(1);
    expect(refresh.stderr).toMatch(/^casefile: source "jaeger": GET \/api\/dependencies\?endTs=\d+&lookback=7200000: /);
  });

  it('pulls Zipkin dependencies for --start/--end, printed busiest first with the window', async () => {
    const start = '2026-01-05T09:00:00Z';
    const end = '2026-01-05T10:30:00Z';
    const run = await casefile(['pull', '--source', 'zipkin', '--dependencies', '--start', start, '--end', end]);
    expect(run.stderr).toBe('');
    const asked = servers.zipkin.requests.at(-1)!;
    expect([asked.path, asked.query.get('endTs'), asked.query.get('lookback')]).toEqual(['/api/v2/dependencies', String(Date.parse(end)), '5400000']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^pulled from zipkin: 7 dependency edge\(s\) between 8 service\(s\), \d+ bytes in 1 request\(s\)$/);
    expect(lines[1]).toBe('window 2026-01-05T09:00:00.000000000Z – 2026-01-05T10:30:00.000000000Z');
    expect(lines[2]).toMatch(/^PARENT +CHILD +CALLS +ERRORS$/);
    // Zipkin leaves a zero error count out: 0, not unknown.
    expect(lines[3]).toMatch(/^Service2 +Service4 +129216 +0$/);
  });

  it('refuses flags of other pulls as usage errors naming the flag, and kinds without dependencies naming the source', async () => {
    const refused: [string[], RegExp][] = [
      [['--service', 'cart'], /--service is not for --dependencies/],
      [['--logs'], /--logs is not for --dependencies/],
      [['--tag', 'a=b'], /--tag is not for --dependencies/],
      [['--query', '{}'], /--query is not for --dependencies/],
      [['--limit', '5'], /--limit is not for --dependencies/],
      [['--trace', '4bf92f3577b34da6a3ce929d0e0e4736'], /--trace is not for --dependencies/],
      [['--since', '1y'], /--since must look like 30m, 1h or 2d, got "1y"/],
      [['--start', '2026-01-05T09:00:00Z'], /--start and --end go together/],
    ];
    for (const [flags, message] of refused) {
      const run = await casefile(['pull', '--source', 'zipkin', '--dependencies', ...flags]);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const noSource = await casefile(['pull', '--dependencies']);
    expect([noSource.code, noSource.stderr]).toEqual([2, 'casefile: pull --dependencies needs --source NAME (a jaeger or zipkin source)\n']);

    const loki = await casefile(['pull', '--source', 'loki', '--dependencies', '--json']);
    expect(loki.code).toBe(1);
    expect(json<PullJob>(loki)).toMatchObject({ state: 'failed', errorStage: 'config', error: 'source "loki": loki sources do not support dependencies (Jaeger and Zipkin sources compute them)' });
  });
});
