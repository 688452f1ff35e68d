import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { classifyNetworkError } from './http-errors.js';
import { fakeJaegerV1, type JaegerTrace } from './test-support/fake-jaeger.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { closedPortUrl, selfSignedCert, sendJson, startLoopback, type Loopback, type Served } from './test-support/loopback.js';

/**
 * Every fault a live source can throw at a pull: each gives a message naming the source and the request, the job
 * says which stage failed, and the cache is exactly as it was (nothing partial kept).
 */
const TRACES = (JSON.parse(readFileSync(join(UPSTREAM, 'jaeger-v1-http', 'perses__pushbytes_jaeger.json'), 'utf8')) as { data: JaegerTrace[] }).data;
const TRACE_ID = TRACES[0]!.traceID;
const TOKEN = 'tok-7f3a9c1e5b2d4f60';

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(fault: (req: Served, res: ServerResponse) => boolean, timeoutMs = 30_000): Promise<void> {
  server = await startLoopback(fakeJaegerV1(TRACES));
  server.fault = fault;
  h = await sourceHarness({ maxBytes: 1024 * 1024 });
  await h.add({ name: 'prod-jaeger', kind: 'jaeger', url: server.url, auth: { type: 'bearer' }, timeoutMs }, { token: TOKEN });
}

/** Pulls the trace; asserts the failure, that nothing was cached, and that the token appears nowhere in the message. */
async function expectFailure(stage: string, message: RegExp) {
  const before = h.counts();
  const job = await h.finished(await h.client.pullTrace({ traceId: TRACE_ID, source: 'prod-jaeger' }));
  expect(job.state).toBe('failed');
  expect(job.errorStage).toBe(stage);
  expect(job.error).toMatch(/^source "prod-jaeger": GET \/api\/traces\/[0-9a-f]{32}: /);
  expect(job.error).toMatch(message);
  expect(job.error).not.toContain(TOKEN);
  expect(h.counts()).toEqual(before);
  const load = (await h.client.listLoads({ limit: 1 }))[0]!;
  expect(load).toMatchObject({ kind: 'pull', status: 'failed', spansAdded: 0 });
  return job;
}

const tracePath = (req: Served) => req.path.startsWith('/api/traces/');

describe('faults', () => {
  it('401 and 403 name the credentials, and the token never appears', async () => {
    await setUp((req, res) => tracePath(req) && (res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`bad token ${TOKEN}`), true));
    const job = await expectFailure('auth', /401 Unauthorized: the source refused the credentials.*bad token \[redacted\]/);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(job.error).toContain('[redacted]');
    server.fault = (req, res) => tracePath(req) && (res.writeHead(403).end(), true);
    await expectFailure('auth', /403 Forbidden: the credentials are not allowed/);
  });

  it('a 404 that is not Jaeger\'s own "trace not found" means a wrong base path', async () => {
    await setUp((req, res) => tracePath(req) && (res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><title>Not Found</title></html>'), true));
    await expectFailure('not-found', /not from a Jaeger query API: is the base URL right/);
  });

  it('429 with Retry-After is retried after the wait asked, and gives up after 3 tries', async () => {
    let refused = 0;
    await setUp((req, res) => {
      if (!tracePath(req) || refused >= 1) return false;
      refused++;
      res.writeHead(429, { 'Retry-After': '1' }).end();
      return true;
    });
    const started = Date.now();
    const job = await h.finished(await h.client.pullTrace({ traceId: TRACE_ID, source: 'prod-jaeger' }));
    expect(job.state).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests.filter(tracePath)).toHaveLength(2);

    server.fault = (req, res) => tracePath(req) && (res.writeHead(429, { 'Retry-After': '0' }).end('slow down'), true);
    const requestsBefore = server.requests.filter(tracePath).length;
    await h.finished(await h.client.pullTrace({ traceId: TRACE_ID, source: 'prod-jaeger', refresh: true }));
    expect(server.requests.filter(tracePath).length - requestsBefore).toBe(3);
    const last = (await h.client.listLoads({ limit: 1 }))[0]!;
    expect(last.error).toMatch(/429 Too Many Requests.*still refused after 3 tries/);
  });

  it('a Retry-After beyond the bound fails at once instead of waiting', async () => {
    await setUp((req, res) => tracePath(req) && (res.writeHead(429, { 'Retry-After': '3600' }).end(), true));
    const started = Date.now();
    await expectFailure('rate-limited', /asks to wait 3600 s, longer than the 30 s Casefile waits/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests.filter(tracePath)).toHaveLength(1);
  });

  it('a 5xx is retried once, then reported with what the server said', async () => {
    await setUp((req, res) => tracePath(req) && (res.writeHead(503, { 'Content-Type': 'text/plain' }).end('storage unavailable'), true));
    await expectFailure('server', /503 Service Unavailable: the source failed to answer; the server said: storage unavailable/);
    expect(server.requests.filter(tracePath)).toHaveLength(2);
  });

  it('a server that never answers times out after the source\'s timeout', async () => {
    await setUp((req) => tracePath(req), 300);
    const started = Date.now();
    await expectFailure('timeout', /no complete answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a closed port is "connection refused"', async () => {
    await setUp(() => false);
    await h.add({ name: 'prod-jaeger', kind: 'jaeger', url: await closedPortUrl(), auth: { type: 'bearer' } });
    await expectFailure('connect', /connection refused by 127\.0\.0\.1:\d+ \(nothing listens on that port/);
  });

  it('a malformed or truncated body caches nothing and says where it broke', async () => {
    await setUp((req, res) => tracePath(req) && (sendJson(res, 200, { data: [{ traceID: TRACE_ID, spans: [{ spanID: 5 }], processes: {} }] }), true));
    await expectFailure('response', /the answer is not a valid jaeger-json response: .*byte \d+/);
    server.fault = (req, res) => {
      if (!tracePath(req)) return false;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write(JSON.stringify({ data: TRACES }).slice(0, 300));
      setTimeout(() => res.destroy(), 20);
      return true;
    };
    await expectFailure('response', /the response was cut off after \d+ bytes/);
  });

  it('an HTML login page is named as such', async () => {
    await setUp((req, res) => tracePath(req) && (res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><head><title>Sign in - SSO</title></head></html>'), true));
    await expectFailure('response', /answered with an HTML page \(HTML page "Sign in - SSO"\) instead of JSON: a login page or a proxy/);
  });

  it('another product\'s JSON is refused by shape', async () => {
    await setUp((req, res) => tracePath(req) && (sendJson(res, 200, { status: 'success', data: { resultType: 'streams', result: [] } }), true));
    await expectFailure('response', /not a valid jaeger-json response/);
  });

  it('an absurdly large answer is cut at the cap with a clear message', async () => {
    await setUp((req, res) => {
      if (!tracePath(req)) return false;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"data":[');
      const chunk = ' '.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end(']}');
      };
      pump();
      return true;
    });
    await expectFailure('too-large', /larger than 1 MiB, the most Casefile reads in one answer; narrow the query/);
  });

  it('cancelling a pull keeps nothing', async () => {
    await setUp((req) => tracePath(req));
    const before = h.counts();
    const job = await h.client.pullTrace({ traceId: TRACE_ID, source: 'prod-jaeger' });
    await new Promise((r) => setTimeout(r, 50));
    await h.client.cancelPull({ id: job.id });
    const done = await h.finished(job);
    expect(done).toMatchObject({ state: 'cancelled', errorStage: 'cancelled' });
    expect(h.counts()).toEqual(before);
  });

  it('classifies DNS failures (ENOTFOUND) without a network lookup', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND jaeger.internal'), { code: 'ENOTFOUND' });
    expect(classifyNetworkError(error, 'jaeger.internal')).toEqual({
      stage: 'dns',
      reason: 'DNS: the host name "jaeger.internal" could not be resolved (ENOTFOUND); check the URL or your VPN',
    });
  });
});

describe('TLS', () => {
  const cert = selfSignedCert();
  afterEach(() => undefined);

  it.skipIf(cert === null)('refuses an unknown certificate, trusts it with its CA file, and skip-verify warns', async () => {
    server = await startLoopback(fakeJaegerV1(TRACES), { key: cert!.key, cert: cert!.cert });
    h = await sourceHarness();
    await h.add({ name: 'tls', kind: 'jaeger', url: server.url });
    const refused = await h.client.testSource({ name: 'tls' });
    expect(refused.ok).toBe(false);
    expect(refused.stages.map((s) => [s.stage, s.ok])).toEqual([['config', true], ['dns', true], ['connect', true], ['tls', false]]);
    expect(refused.stages.at(-1)!.detail).toMatch(/TLS: .*self[- ]signed certificate.*give the source's CA file/i);
    const pull = await h.finished(await h.client.pullTrace({ traceId: TRACE_ID, source: 'tls' }));
    expect(pull).toMatchObject({ state: 'failed', errorStage: 'tls' });

    await h.add({ name: 'tls', kind: 'jaeger', url: server.url, tls: { caFile: cert!.certFile } });
    const trusted = await h.client.testSource({ name: 'tls' });
    expect(trusted).toMatchObject({ ok: true, warnings: [] });
    expect(trusted.stages.find((s) => s.stage === 'tls')!.detail).toMatch(/certificate for casefile-test .*; verified/);
    expect(trusted.stages.at(-1)).toMatchObject({ stage: 'api', ok: true, detail: 'Jaeger query API v1: 1 service' });

    await h.add({ name: 'tls', kind: 'jaeger', url: server.url, tls: { skipVerify: true } });
    const skipped = await h.client.testSource({ name: 'tls' });
    expect(skipped.ok).toBe(true);
    expect(skipped.warnings[0]).toMatch(/TLS certificate verification is OFF/);
    expect((await h.client.listSources({})).sources[0]!.warnings[0]).toMatch(/verification is OFF/);
    cert!.dispose();
  });
});
