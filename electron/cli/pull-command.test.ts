import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../shared/model.js';
import type { PullJob } from '../../shared/source-pulls.js';
import { UPSTREAM } from '../../test/temp-cache.js';
import { fakeJaegerV1, type JaegerTrace, type SearchSeen } from '../core/sources/test-support/fake-jaeger.js';
import { fakeLoki, sampleStreams, type LokiSeen } from '../core/sources/test-support/fake-loki.js';
import { fakeSearchEngine } from '../core/sources/test-support/fake-search-engine.js';
import { fakeTempo, sampleTrace, type TempoSeen } from '../core/sources/test-support/fake-tempo.js';
import { startLoopback, type Loopback } from '../core/sources/test-support/loopback.js';
import { runCasefile } from './test-support/run-casefile.js';

const sample = (path: string) => JSON.parse(readFileSync(join(UPSTREAM, path), 'utf8')) as unknown;
const JAEGER = (sample('jaeger-v1-http/perses__pushbytes_jaeger.json') as { data: JaegerTrace[] }).data;
const BOOKINFO = sampleTrace(sample('tempo/kiali__tempo-api-traces-response_batches-base64.json'));
const ECS_DOC = sample('elasticsearch/otel-contrib__esexporter_ecs-mode_log-doc.json') as Record<string, unknown>;
const ES_KEY = 'ApiKey cli-es-key-7c2e90d1';

/** Loki lines from ten minutes ago, so `--since 1h` finds them; the trace id sits behind a key only our regex knows. */
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const LOKI_TRACE = 'a3ce929d0e0e47364bf92f3577b34da6';
const CART_LINES = Array.from({ length: 5 }, (_, i) => ({
  ts: NOW_NS - 600_000_000_000n + BigInt(i) * 1_000_000n,
  line: i < 3 ? `level=error tid=${LOKI_TRACE} msg="GetCart failed ${i}"` : `level=info msg="GetCart ok ${i}"`,
}));
const ES_TRACE = '5b8efff798038103d269b633813fc60c';
/** Documents with non-ECS field names, as an app logging its own JSON might write them. */
const APP_DOCS = Array.from({ length: 4 }, (_, i) => ({
  '@timestamp': new Date(Date.now() - 300_000 + i).toISOString(),
  msg: `charge ${i} ${i % 2 === 0 ? 'declined' : 'ok'}`,
  svc: 'payment',
  trace_ref: i % 2 === 0 ? ES_TRACE : '1'.repeat(32),
}));

let dir: string;
const seen = { jaeger: [] as SearchSeen[], tempo: [] as TempoSeen[], loki: [] as LokiSeen[], es: [] as Record<string, unknown>[] };
const servers = {} as Record<'jaeger' | 'tempo' | 'loki' | 'es', Loopback>;
const casefile = (args: string[], env: Record<string, string> = {}) => runCasefile([...args, '--db', join(dir, 'cache.sqlite')], env);
const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casefile-cli-pull-'));
  servers.jaeger = await startLoopback(fakeJaegerV1(JAEGER, seen.jaeger));
  servers.tempo = await startLoopback(fakeTempo([BOOKINFO], { seen: seen.tempo }));
  const streams = [{ labels: { app: 'cart', env: 'prod' }, entries: CART_LINES }, ...sampleStreams(sample('loki/loki__query_range-streams_uncategorized-three-streams.json'))];
  servers.loki = await startLoopback(fakeLoki(streams, { seen: seen.loki }));
  servers.es = await startLoopback(fakeSearchEngine({ distribution: 'elasticsearch', indices: { 'app-payments': APP_DOCS, 'logs-ecs': [ECS_DOC] }, seen: seen.es }));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('casefile pull: search flags and log pulls', { timeout: 120_000 }, () => {
  it('searches Jaeger by --tag and --min/--max-duration with units, sent as jaeger-query reads them', async () => {
    await casefile(['source', 'add', 'jaeger', '--kind', 'jaeger', '--url', servers.jaeger.url, '--api', 'v1']);
    const start = JAEGER[0]!.spans[0]!.startTime / 1000;
    const window = ['--start', new Date(start - 60_000).toISOString(), '--end', new Date(start + 60_000).toISOString()];
    const tags = ['--tag', 'span.kind=internal', '--tag', 'otel.scope.name=modules/distributor'];
    const hit = await casefile(['pull', '--source', 'jaeger', '--service', 'tempo-distributor', ...tags, '--min-duration', '0.4ms', '--max-duration', '1ms', ...window, '--json']);
    expect(hit.stderr).toBe('');
    expect(json<PullJob>(hit)).toMatchObject({ state: 'done', what: 'traces', traces: [{ traceId: JAEGER[0]!.traceID, spanCount: 3 }] });
    expect(seen.jaeger.at(-1)).toMatchObject({ service: 'tempo-distributor', minDurationUs: 400, maxDurationUs: 1000, tags: { 'span.kind': 'internal', 'otel.scope.name': 'modules/distributor' } });

    const miss = await casefile(['pull', '--source', 'jaeger', '--service', 'tempo-distributor', '--tag', 'span.kind=server', '--min-duration', '400', ...window, '--json']);
    expect(json<PullJob>(miss)).toMatchObject({ state: 'done', traces: [] });
    // A bare number stays milliseconds, as --min-duration always took it.
    expect(seen.jaeger.at(-1)).toMatchObject({ minDurationUs: 400_000, tags: { 'span.kind': 'server' } });
  });

  it('searches Tempo with --traceql over the trace-by-id API chosen with --api', async () => {
    const add = await casefile(['source', 'add', 'tempo', '--kind', 'tempo', '--url', servers.tempo.url, '--api', 'v1', '--json']);
    expect(json<{ config: { options: unknown } }>(add).config.options).toEqual({ traceApi: 'v1' });
    const startNs = BOOKINFO.spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), BOOKINFO.spans[0]!.startNs);
    const window = ['--start', new Date(Number(startNs / 1_000_000n) - 60_000).toISOString(), '--end', new Date(Number(startNs / 1_000_000n) + 60_000).toISOString()];
    const traceql = '{ resource.service.name = "reviews.bookinfo" }';
    const job = json<PullJob>(await casefile(['pull', '--source', 'tempo', '--traceql', traceql, ...window, '--limit', '3', '--json']));
    expect(job).toMatchObject({ state: 'done', traces: [{ traceId: BOOKINFO.id, spanCount: BOOKINFO.spans.length }] });
    const search = seen.tempo.at(-1)!;
    expect([search.query.get('q'), search.query.get('tags'), search.query.get('limit')]).toEqual([traceql, null, '3']);
    const fetches = servers.tempo.requests.filter((r) => r.path.includes('/traces/')).map((r) => r.path);
    expect(fetches).toEqual([`/api/traces/${BOOKINFO.id}`]);
  });

  it('says a Tempo trace is partial, naming it, when pulled and again from the cache; --json carries it in warnings', async () => {
    const partial = sampleTrace(sample('tempo/perses__tempo-v2-trace-body_pushbytes_incomplete_otlp.json'));
    const server = await startLoopback(fakeTempo([{ ...partial, status: 'PARTIAL' }]));
    try {
      await casefile(['source', 'add', 'tempo-cut', '--kind', 'tempo', '--url', server.url]);
      const warning = `warning: trace ${partial.id}: Tempo returned only part of this trace (trace exceeds max size (max bytes: 5000000))`;
      const pulled = await casefile(['pull', '--source', 'tempo-cut', '--trace', partial.id]);
      expect(pulled.stdout.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^pulled from tempo-cut: 1 trace\(s\), 2 span\(s\)/), warning]);
      const cached = await casefile(['pull', '--source', 'tempo-cut', '--trace', partial.id, '--json']);
      expect(json<PullJob>(cached)).toMatchObject({ state: 'done', cached: true, warnings: [warning.slice('warning: '.length)] });
    } finally {
      await server.close();
    }
  });

  it('pulls Loki logs with LogQL, a tenant, a custom derived field and service label, then shows them from the cache', async () => {
    const add = await casefile(['source', 'add', 'loki1', '--kind', 'loki', '--url', servers.loki.url, '--tenant', 'acme', '--derived-field', 'trace:regex:tid=(\\w+)', '--service-label', 'app', '--json']);
    expect(add.stderr).toBe('');
    expect(json<{ config: { tenant: string; options: unknown } }>(add).config).toMatchObject({ tenant: 'acme', options: { derivedFields: [{ target: 'traceId', from: 'regex', key: 'tid=(\\w+)' }], serviceLabels: ['app'] } });

    const logql = '{app="cart"} |= "error"';
    const pulled = await casefile(['pull', '--source', 'loki1', '--logs', '--query', logql, '--since', '1h', '--json']);
    expect(pulled.stderr).toBe('');
    const job = json<PullJob>(pulled);
    expect(job).toMatchObject({ state: 'done', what: 'logs', cached: false, logsSeen: 3 });
    expect(job.logs.map((l) => [l.service, l.traceId, l.body])).toEqual([2, 1, 0].map((i) => ['cart', LOKI_TRACE, `level=error tid=${LOKI_TRACE} msg="GetCart failed ${i}"`]));
    expect(seen.loki.at(-1)).toMatchObject({ query: logql, direction: 'backward' });
    const request = servers.loki.requests.filter((r) => r.path === '/loki/api/v1/query_range').at(-1)!;
    expect(request.headers['x-scope-orgid']).toBe('acme');
    const spanNs = BigInt(request.query.get('end')!) - BigInt(request.query.get('start')!);
    expect(spanNs).toBe(3_600_000_000_000n);

    // By service and trace id: the selector is the configured service label, the id a case-insensitive line filter.
    const byTrace = json<PullJob>(await casefile(['pull', '--source', 'loki1', '--logs', '--service', 'cart', '--trace', LOKI_TRACE, '--since', '1h', '--json']));
    expect(byTrace).toMatchObject({ state: 'done', logsSeen: 3 });
    expect(seen.loki.at(-1)!.query).toBe(`{app="cart"} |~ "(?i)${LOKI_TRACE}"`);

    const again = json<PullJob>(await casefile(['pull', '--source', 'loki1', '--logs', '--query', logql, '--since', '1h', '--json']));
    expect(again).toMatchObject({ state: 'done', cached: true, fetchedAt: job.fetchedAt });
    expect(again.logs.map((l) => l.body)).toEqual(job.logs.map((l) => l.body));

    const cachedLogs = json<{ logs: LogRecord[] }>(await casefile(['logs', '--trace', LOKI_TRACE, '--json']));
    expect(cachedLogs.logs.map((l) => l.body).sort()).toEqual(CART_LINES.slice(0, 3).map((e) => e.line));
    const human = await casefile(['pull', '--source', 'loki1', '--logs', '--query', logql, '--since', '1h']);
    expect(human.stdout).toContain('from the cache: fetched from loki1');
    expect(human.stdout).toContain(`cart trace=${LOKI_TRACE}\n  level=error tid=${LOKI_TRACE} msg="GetCart failed 2"`);
  });

  it('pulls Elasticsearch logs by trace id with an index pattern, field names and a secret header', async () => {
    const fields = ['--field', 'trace=trace_ref', '--field', 'message=msg', '--field', 'service=svc'];
    const add = await casefile(['source', 'add', 'es', '--kind', 'elasticsearch', '--url', servers.es.url, '--index', 'app-*', ...fields, '--header-env', 'Authorization=ES_AUTH', '--json'], { ES_AUTH: ES_KEY });
    expect(add.stderr).toBe('');
    expect(json<{ config: unknown; secretsStored: string[] }>(add)).toMatchObject({
      config: { auth: { type: 'headers', names: ['Authorization'] }, options: { indexPattern: 'app-*', fields: { traceId: 'trace_ref', message: 'msg', service: 'svc' } } },
      secretsStored: ['header Authorization'],
    });

    const job = json<PullJob>(await casefile(['pull', '--source', 'es', '--logs', '--trace', ES_TRACE, '--since', '1h', '--json']));
    expect(job).toMatchObject({ state: 'done', logsSeen: 2 });
    expect(job.logs.map((l) => [l.service, l.traceId, l.body])).toEqual([['payment', ES_TRACE, 'charge 2 declined'], ['payment', ES_TRACE, 'charge 0 declined']]);
    const request = servers.es.requests.filter((r) => r.path.endsWith('/_search')).at(-1)!;
    expect([request.path, request.headers.authorization]).toEqual(['/app-*/_search', ES_KEY]);
    const filter = (seen.es.at(-1) as { query: { bool: { filter: { bool?: { should: unknown[] } }[] } } }).query.bool.filter;
    expect(filter[1]!.bool!.should[0]).toEqual({ term: { trace_ref: ES_TRACE } });

    // The defaults (ECS names, logs-*) read the exporter's ECS document.
    await casefile(['source', 'add', 'ecs', '--kind', 'elasticsearch', '--url', servers.es.url]);
    const ecs = json<PullJob>(await casefile(['pull', '--source', 'ecs', '--logs', '--trace', '0102030405060708090a0b0c0d0e0f10', '--start', '2024-03-12T20:00:00Z', '--end', '2024-03-12T21:00:00Z', '--json']));
    expect(ecs.logs.map((l) => [l.service, l.spanId, l.severityText, l.body])).toEqual([['my-service', '0102030405060708', 'ERROR', 'User authentication failed']]);
    const cached = json<{ logs: LogRecord[] }>(await casefile(['logs', '--trace', ES_TRACE, '--json']));
    // The cache lists a trace's logs oldest first.
    expect(cached.logs.map((l) => l.body)).toEqual(['charge 0 declined', 'charge 2 declined']);

    for (const file of readdirSync(dir).filter((f) => f !== 'secrets.json')) {
      expect(readFileSync(join(dir, file)).includes('cli-es-key-7c2e90d1'), file).toBe(false);
    }
  });

  it('refuses bad flag values with a usage error naming the flag, and saves nothing', async () => {
    const url = servers.jaeger.url;
    const cases: [string[], string][] = [
      [['pull', '--source', 'jaeger', '--service', 's', '--tag', 'no-equals'], '--tag must look like key=value'],
      [['pull', '--source', 'jaeger', '--service', 's', '--min-duration', 'fast'], '--min-duration must be a duration like 400ms'],
      [['pull', '--source', 'jaeger', '--service', 's', '--max-duration', '0ms'], '--max-duration must be a duration'],
      [['pull', '--source', 'jaeger', '--service', 's', '--min-duration', '2s', '--max-duration', '1s'], '--min-duration: minDurationMs is above maxDurationMs'],
      [['pull', '--source', 'jaeger', '--query', 'x'], '--query is for log pulls: add --logs'],
      [['pull', '--source', 'loki1', '--logs', '--tag', 'a=b'], '--tag is for trace pulls, not --logs'],
      [['pull', '--source', 'loki1', '--logs', '--traceql', '{}'], '--traceql is for trace pulls, not --logs'],
      [['pull', '--logs', '--query', 'x'], 'pull --logs needs --source NAME'],
      [['source', 'add', 'x', '--kind', 'tempo', '--url', url, '--api', 'v3'], '--api for a tempo source must be v1 or v2, got "v3"'],
      [['source', 'add', 'x', '--kind', 'zipkin', '--url', url, '--api', 'v1'], '--api is for jaeger (v1|v3) and tempo (v1|v2) sources, not zipkin'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', url, '--derived-field', 'trace:json:tid'], '--derived-field is for loki sources, not jaeger'],
      [['source', 'add', 'x', '--kind', 'loki', '--url', url, '--derived-field', 'trace:xml:tid'], '--derived-field must look like trace:regex:traceID=(\\w+)'],
      [['source', 'add', 'x', '--kind', 'loki', '--url', url, '--derived-field', 'trace:regex:tid=\\w+'], 'the regex needs a capture group'],
      [['source', 'add', 'x', '--kind', 'loki', '--url', url, '--service-label', 'bad-label'], '--service-label: a Loki label name'],
      [['source', 'add', 'x', '--kind', 'opensearch', '--url', url, '--field', 'colour=x'], '--field must look like trace=trace.id'],
      [['source', 'add', 'x', '--kind', 'loki', '--url', url, '--index', 'logs-*'], '--index is for elasticsearch and opensearch sources, not loki'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', url, '--header-env', 'X-Key'], '--header-env must look like X-Api-Key=ENV_VAR'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', url, '--header-env', 'X-Key=UNSET_VAR_FOR_TEST'], 'the environment variable UNSET_VAR_FOR_TEST is not set'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', url, '--header', 'X-Key'], '--header NAME reads its value from stdin: add --secret-stdin'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', url, '--timeout', '5'], '--timeout: Too small'],
      [['source', 'add', 'x', '--kind', 'jaeger', '--url', 'ftp://nope'], '--url: expected http(s)://host'],
    ];
    const runs = await Promise.all(cases.map(([args]) => casefile(args)));
    runs.forEach((run, i) => {
      expect([run.code, run.stderr], cases[i]![0].join(' ')).toEqual([2, expect.stringContaining(cases[i]![1])]);
    });
    const list = json<{ sources: { config: { name: string } }[] }>(await casefile(['source', 'list', '--json']));
    expect(list.sources.map((s) => s.config.name)).not.toContain('x');
  });
});
