import type { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import type { PullJob, SourceErrorStage } from '../../../../shared/source-pulls.js';
import type { SourceHarness } from './harness.js';
import type { Loopback, Served } from './loopback.js';

/**
 * The faults every connector must survive, as server behaviours on the requests `hit` selects. Each is expected to
 * fail the pull at `stage` with a message matching `message`, leaving the cache exactly as it was.
 */
export interface FaultCase {
  name: string;
  fault: (req: Served, res: ServerResponse) => boolean;
  stage: SourceErrorStage;
  message: RegExp;
}

/** With a source whose timeoutMs is `timeoutMs` and a harness whose maxBytes is 1 MiB. */
export function standardFaults(hit: (req: Served) => boolean, timeoutMs: number, secret: string): FaultCase[] {
  const on = (answer: (res: ServerResponse) => void) => (req: Served, res: ServerResponse) => {
    if (!hit(req)) return false;
    answer(res);
    return true;
  };
  return [
    { name: '401', fault: on((res) => res.writeHead(401, { 'Content-Type': 'text/plain' }).end(`invalid token ${secret}`)), stage: 'auth', message: /401 Unauthorized: the source refused the credentials.*invalid token \[redacted\]/ },
    { name: '403', fault: on((res) => res.writeHead(403).end()), stage: 'auth', message: /403 Forbidden: the credentials are not allowed/ },
    { name: '404 from a router', fault: on((res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n')), stage: 'not-found', message: /404 Not Found.*is the base URL right/ },
    { name: '429 for ever', fault: on((res) => res.writeHead(429, { 'Retry-After': '0' }).end('slow down')), stage: 'rate-limited', message: /429 Too Many Requests.*still refused after 3 tries/ },
    { name: '503', fault: on((res) => res.writeHead(503, { 'Content-Type': 'text/plain' }).end('ingester unavailable')), stage: 'server', message: /503 Service Unavailable: the source failed to answer; the server said: ingester unavailable/ },
    { name: 'no answer', fault: (req) => hit(req), stage: 'timeout', message: new RegExp(`no complete answer within ${timeoutMs} ms`) },
    {
      name: 'malformed JSON',
      fault: on((res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"result": [1, 2')),
      stage: 'response',
      message: /not valid JSON|not a valid .* response/,
    },
    {
      name: 'truncated body',
      fault: on((res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
        res.write('{"status":"success","data":{"resultType":"streams","result":[');
        setTimeout(() => res.destroy(), 20);
      }),
      stage: 'response',
      message: /the response was cut off after \d+ bytes/,
    },
    {
      name: 'HTML login page',
      fault: on((res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><head><title>Sign in</title></head></html>')),
      stage: 'response',
      message: /answered with an HTML page \(HTML page "Sign in"\) instead of JSON/,
    },
    { name: 'wrong content type', fault: on((res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK')), stage: 'response', message: /answered with text\/plain \(OK\) instead of JSON/ },
    {
      name: 'huge answer',
      fault: on((res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"x":"');
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 40 && res.write(chunk)) sent++;
          if (sent < 40) res.once('drain', pump);
          else res.end('"}');
        };
        pump();
      }),
      stage: 'too-large',
      message: /larger than 1 MiB, the most Casefile reads in one answer/,
    },
  ];
}

/**
 * Runs every case against `pull` and checks what a user must see: the failed stage, a message naming the source and
 * the request, no secret in it, and not one row more in the cache.
 */
export async function expectFaults(h: SourceHarness, server: Loopback, cases: FaultCase[], source: string, request: RegExp, secret: string, pull: () => Promise<PullJob>): Promise<void> {
  for (const c of cases) {
    server.fault = c.fault;
    const before = h.counts();
    const job = await h.finished(await pull());
    expect(job.state, c.name).toBe('failed');
    expect(job.errorStage, `${c.name}: ${job.error}`).toBe(c.stage);
    expect(job.error, c.name).toMatch(new RegExp(`^source "${source}": ${request.source}`));
    expect(job.error, c.name).toMatch(c.message);
    expect(job.error, c.name).not.toContain(secret);
    expect(h.counts(), c.name).toEqual(before);
  }
  server.fault = null;
}
