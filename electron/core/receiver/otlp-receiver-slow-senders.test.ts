import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendCheckout } from '../../../test/otel-sdk.js';
import { tempCache } from '../../../test/temp-cache.js';
import { openWriteConnection, type Db } from '../db/open-database.js';
import { WriteQueue } from '../db/write-queue.js';
import { OtlpReceiver, type OtlpReceiverOptions } from './otlp-receiver.js';

/**
 * Slow senders (slowloris): connections that trickle their headers or body must not take the receiver from the
 * exporters that send whole requests, and must be cut within the configured bounds. Short bounds here; the defaults
 * are seconds (README, OTLP receiver).
 */

/** A raw connection that sends a request's start, then one byte every `everyMs`, at most `maxBytes` of them. */
interface Slow {
  /** What the receiver answered before closing (its status line), or '' for a close without an answer. */
  answered: Promise<string>;
  closedAfterMs: Promise<number>;
  /** performance.now() when the connection closed. */
  closedAt: Promise<number>;
  socket: Socket;
}

function slowSender(port: number, part: 'headers' | 'body', everyMs = 200, maxBytes = 150): Slow {
  const started = performance.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('connect', () => {
    const head = 'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';
    socket.write(part === 'body' ? `${head}Content-Length: 1000000\r\n\r\n{` : `${head}X-Slow: `);
    void (async () => {
      for (let i = 0; i < maxBytes && !socket.destroyed && socket.writable; i++) {
        await sleep(everyMs);
        if (!socket.destroyed && socket.writable) socket.write(part === 'body' ? ' ' : 'a');
      }
    })();
  });
  return {
    socket,
    answered: closed.then(() => received.split('\r\n')[0] ?? ''),
    closedAfterMs: closed.then(() => performance.now() - started),
    closedAt: closed.then(() => performance.now()),
  };
}

function postJson(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const spanBody = (spanId: string) =>
  JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId, name: 'op', startTimeUnixNano: '1760000000000000000', endTimeUnixNano: '1760000000500000000' }] }] }] });

let cache: ReturnType<typeof tempCache>;
let writeDb: Db;
let receiver: OtlpReceiver | undefined;
const slows: Slow[] = [];

beforeEach(() => {
  cache = tempCache();
  writeDb = openWriteConnection(cache.path);
});
afterEach(async () => {
  for (const slow of slows.splice(0)) slow.socket.destroy();
  await receiver?.stop();
  receiver = undefined;
  writeDb.close();
  cache.dispose();
});

async function start(options: Omit<OtlpReceiverOptions, 'port'>): Promise<OtlpReceiver> {
  receiver = await OtlpReceiver.start(writeDb, { port: 0, ...options });
  return receiver;
}

describe('OTLP receiver and slow senders', { timeout: 60_000 }, () => {
  it('answers a real OTel SDK exporter in full while 20 slowloris connections hold bodies open, then cuts them', async () => {
    // The grace is long enough for the exporter to finish on a busy machine while every slow body is still open.
    const r = await start({ headersTimeoutMs: 1000, bodyPace: { timeoutMs: 12_000, minBytesPerSecond: 512, graceMs: 8000 } });
    for (let i = 0; i < 20; i++) slows.push(slowSender(r.port, 'body'));
    for (let i = 0; i < 5; i++) slows.push(slowSender(r.port, 'headers'));
    await sleep(300);

    const sent = await sendCheckout(`http://127.0.0.1:${r.port}`, { protocol: 'proto', gzip: false }, 'beside slowloris', 1_760_000_000);
    const sentAt = performance.now();
    const stored = cache.db.prepare(`SELECT span_id AS id FROM spans WHERE service = 'beside slowloris'`).all() as { id: string }[];
    expect(stored.map((s) => s.id).sort()).toEqual(sent.spans.map((s) => s.spanContext().spanId).sort());
    const logs = cache.db.prepare(`SELECT count(*) AS n FROM logs WHERE service = 'beside slowloris'`).get() as { n: number };
    expect(logs.n).toBe(sent.logs.length);
    // None of the exporter's requests was turned away; the only refusals are the slow bodies, once cut.
    expect(r.counters.rejectedRequests).toBe(0);

    const bodies = slows.slice(0, 20);
    // All still open when the exporter was done: it did not wait for them to go.
    expect(Math.min(...(await Promise.all(bodies.map((s) => s.closedAt))))).toBeGreaterThan(sentAt);
    expect(Math.max(...(await Promise.all(bodies.map((s) => s.closedAfterMs))))).toBeLessThan(12_000);
    for (const answer of await Promise.all(bodies.map((s) => s.answered))) expect(answer).toBe('HTTP/1.1 408 Request Timeout');
    expect(r.counters).toMatchObject({ rejectedRequests: 20, lastRejection: expect.stringMatching(/slower than the receiver's minimum of 512 bytes\/s/) });
    // Headers that never end are cut by the headers timeout.
    for (const after of await Promise.all(slows.slice(20).map((s) => s.closedAfterMs))) expect(after).toBeLessThan(4000);
  });

  it('cuts a body that keeps a fair rate but outlasts the body timeout', async () => {
    const r = await start({ bodyPace: { timeoutMs: 700, minBytesPerSecond: 1, graceMs: 100 } });
    const slow = slowSender(r.port, 'body', 20);
    slows.push(slow);
    expect(await slow.answered).toBe('HTTP/1.1 408 Request Timeout');
    expect(await slow.closedAfterMs).toBeLessThan(3000);
    expect(r.counters.lastRejection).toMatch(/the body did not arrive within 700 ms/);
  });

  it('bodies still arriving take no in-flight slot; past maxReading they are refused with 429', async () => {
    const r = await start({ maxInFlight: 2, maxReading: 3 });
    for (let i = 0; i < 2; i++) slows.push(slowSender(r.port, 'body'));
    await sleep(150);
    expect(await postJson(r.port, spanBody('00000000000000a1'))).toBe(200);
    slows.push(slowSender(r.port, 'body'));
    await sleep(150);
    expect(await postJson(r.port, spanBody('00000000000000a2'))).toBe(429);
    expect(r.counters.lastRejection).toMatch(/3 request bodies are being read/);
  });

  it('bounds the bytes of bodies being read to maxInFlight × maxBodyBytes (429 past it)', async () => {
    const r = await start({ maxInFlight: 1, maxBodyBytes: 1024 });
    const held = connect(r.port, '127.0.0.1');
    held.on('error', () => undefined);
    held.write(`POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n${' '.repeat(700)}`);
    for (let i = 0; i < 250 && r.pending.reading < 1; i++) await sleep(20);
    await sleep(100);
    expect(await postJson(r.port, `${spanBody('00000000000000c1')}${' '.repeat(500)}`)).toBe(429);
    expect(r.counters.lastRejection).toMatch(/the bodies being read at once would pass the receiver's limit of 1024 bytes/);
    held.destroy();
    for (let i = 0; i < 250 && r.pending.reading > 0; i++) await sleep(20);
    expect(await postJson(r.port, `${spanBody('00000000000000c2')}${' '.repeat(500)}`)).toBe(200);
  });

  it('answers 429 when maxInFlight requests are decoded and waiting for the cache', async () => {
    const writes = new WriteQueue();
    const r = await start({ maxInFlight: 2, writeWaitMs: 5000, writes });
    let release = () => undefined as void;
    const holding = writes.run(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = [postJson(r.port, spanBody('00000000000000b1')), postJson(r.port, spanBody('00000000000000b2'))];
    // Bounded wait until both have been read and decoded and hold the two slots.
    for (let i = 0; i < 250 && r.pending.inFlight < 2; i++) await sleep(20);
    expect(r.pending).toEqual({ reading: 0, inFlight: 2 });
    const refused = await postJson(r.port, spanBody('00000000000000b3'));
    release();
    await holding;
    expect(refused).toBe(429);
    expect(await Promise.all(waiting)).toEqual([200, 200]);
    expect(r.counters.lastRejection).toMatch(/2 requests are being decoded or stored/);
  });
});
