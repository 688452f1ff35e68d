import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contentCounts, tempCache } from '../../../test/temp-cache.js';
import { openWriteConnection, type Db } from '../db/open-database.js';
import { WriteQueue } from '../db/write-queue.js';
import { listLoads } from '../queries/loads.js';
import { OtlpReceiver } from './otlp-receiver.js';
import { ExportTraceServiceRequest, ExportTraceServiceResponse, RpcStatus } from './otlp-schema.js';

/** Everything the receiver must refuse, and how: the right status, a readable reason, and the cache untouched. */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function post(port: number, path: string, body: Buffer | string, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    // The receiver may answer and close before a refused body is fully sent.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

const TRACE = '5b8efff798038103d269b633813fc60c';
function span(spanId: string, traceId = TRACE) {
  return { traceId, spanId, name: `op ${spanId}`, kind: 2, startTimeUnixNano: '1760000000000000000', endTimeUnixNano: '1760000000500000000' };
}
function traceRequest(...spans: object[]) {
  return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeSpans: [{ spans }] }] };
}
const json = (value: unknown) => JSON.stringify(value);

describe('OTLP receiver refusals', () => {
  let cache: ReturnType<typeof tempCache>;
  let writeDb: Db;
  let receiver: OtlpReceiver;
  const writes = new WriteQueue();
  let before: unknown;

  beforeAll(async () => {
    cache = tempCache();
    writeDb = openWriteConnection(cache.path);
    receiver = await OtlpReceiver.start(writeDb, { port: 0, maxBodyBytes: 1024 * 1024, maxInFlight: 2, writeWaitMs: 150, writes });
    // One stored span, so "unchanged" is checked against a cache that has something in it.
    expect((await post(receiver.port, '/v1/traces', json(traceRequest(span('00000000000000a1'))))).status).toBe(200);
  });
  afterAll(async () => {
    await receiver.stop();
    writeDb.close();
    cache.dispose();
  });
  const snapshot = () => ({ ...contentCounts(cache.db), loads: listLoads(cache.db, 100).map((l) => [l.spansSeen, l.logsSeen, l.bytes]) });
  beforeAll(() => {
    before = snapshot();
  });
  afterEach(() => {
    expect(snapshot()).toEqual(before);
  });

  it('refuses truncated protobuf with 400 and a google.rpc.Status in protobuf', async () => {
    const good = ExportTraceServiceRequest.encode({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.alloc(8, 7), name: 'x' }] }] }],
    }).finish();
    const answer = await post(receiver.port, '/v1/traces', Buffer.from(good.subarray(0, good.length - 3)), { 'Content-Type': 'application/x-protobuf' });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/x-protobuf');
    const status = RpcStatus.decode(answer.body) as unknown as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a valid protobuf ExportTraceServiceRequest/);
  });

  it('refuses protobuf ids of the wrong length, naming the field', async () => {
    const body = ExportTraceServiceRequest.encode({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(20, 1), spanId: Buffer.alloc(8, 7), name: 'x' }] }] }],
    }).finish();
    const answer = await post(receiver.port, '/v1/traces', Buffer.from(body), { 'Content-Type': 'application/x-protobuf' });
    expect(answer.status).toBe(400);
    const status = RpcStatus.decode(answer.body) as unknown as { message: string };
    expect(status.message).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId: an id of 20 bytes; OTLP ids are 16 bytes');
  });

  it('refuses a whole JSON request when one span in it is bad, naming the field', async () => {
    const body = json(traceRequest(span('00000000000000b1'), span('00000000000000b2', 'not a trace id')));
    const answer = await post(receiver.port, '/v1/traces', body);
    expect(answer.status).toBe(400);
    const status = JSON.parse(answer.body.toString()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toContain('resourceSpans[0].scopeSpans[0].spans[1].traceId');
  });

  it('refuses bodies that are not JSON, or not an export request', async () => {
    expect((await post(receiver.port, '/v1/logs', '{"resourceLogs": [')).status).toBe(400);
    const wrongShape = await post(receiver.port, '/v1/logs', '[1, 2]');
    expect(wrongShape.status).toBe(400);
    expect(JSON.parse(wrongShape.body.toString()).message).toMatch(/expected an object/);
  });

  it('answers 415 for a content type or encoding it does not speak, 405 for GET, 404 for metrics', async () => {
    const text = await post(receiver.port, '/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.toString()).toMatch(/application\/x-protobuf or application\/json/);
    expect((await post(receiver.port, '/v1/traces', '{}', { 'Content-Encoding': 'br' })).status).toBe(415);
    const get = await post(receiver.port, '/v1/traces', '', {}, 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await post(receiver.port, '/v1/metrics', '{}')).status).toBe(404);
    expect((await post(receiver.port, '/somewhere', '{}')).status).toBe(404);
  });

  it('answers 413 for a body over the cap, declared or chunked', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const declared = await post(receiver.port, '/v1/traces', big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body.toString()).message).toMatch(/larger than the receiver's limit of 1 MiB/);
    const chunked = await post(receiver.port, '/v1/traces', big, { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(413);
  });

  it('stops inflating a gzip bomb at the cap (413), and refuses broken gzip (400)', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const answer = await post(receiver.port, '/v1/traces', bomb, { 'Content-Encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString()).message).toMatch(/gzip-decompressed body is larger/);
    expect((await post(receiver.port, '/v1/traces', Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' })).status).toBe(400);
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    const answer = await post(receiver.port, '/v1/traces', json(traceRequest(span('00000000000000c1'))), { Host: 'evil.example:4318' });
    expect(answer.status).toBe(403);
  });

  it('answers 503 with Retry-After while another writer holds the cache, and stores nothing', async () => {
    let release = () => undefined as void;
    const holding = writes.run(() => new Promise<void>((resolve) => (release = resolve)));
    const answer = await post(receiver.port, '/v1/traces', json(traceRequest(span('00000000000000d1'))));
    release();
    await holding;
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(JSON.parse(answer.body.toString()).code).toBe(14);
  });
});

describe('OTLP receiver answers', () => {
  it('answers success in the encoding of the request, and an exact resend adds nothing', async () => {
    const cache = tempCache();
    const writeDb = openWriteConnection(cache.path);
    const checkpointPages = () => writeDb.pragma('wal_autocheckpoint', { simple: true });
    const pagesBefore = checkpointPages();
    const receiver = await OtlpReceiver.start(writeDb, { port: 0 });
    try {
      expect(checkpointPages()).toBe(16_384);
      const body = ExportTraceServiceRequest.encode(
        ExportTraceServiceRequest.fromObject({
          resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.alloc(8, 9), name: 'GET /', startTimeUnixNano: '1760000000000000001', endTimeUnixNano: '1760000000000000002' }] }] }],
        }),
      ).finish();
      const first = await post(receiver.port, '/v1/traces', Buffer.from(body), { 'Content-Type': 'application/x-protobuf' });
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/x-protobuf');
      // No partial_success: everything was accepted.
      expect(ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(first.body))).toEqual({});
      const again = await post(receiver.port, '/v1/traces', Buffer.from(body), { 'Content-Type': 'application/x-protobuf' });
      expect(again.status).toBe(200);
      const jsonAnswer = await post(receiver.port, '/v1/logs', '{}');
      expect([jsonAnswer.status, jsonAnswer.headers['content-type'], jsonAnswer.body.toString()]).toEqual([200, 'application/json', '{}']);

      const [load] = listLoads(cache.db, 10);
      expect(load).toMatchObject({ kind: 'receive', spansSeen: 2, spansAdded: 1, status: 'running' });
      const span = cache.db.prepare('SELECT start_ns, end_ns, service FROM spans').safeIntegers(true).get() as Record<string, unknown>;
      expect(span).toEqual({ start_ns: 1760000000000000001n, end_ns: 1760000000000000002n, service: 'unknown_service' });
      await receiver.stop();
      expect(listLoads(cache.db, 10)[0]).toMatchObject({ status: 'done' });
      // The write connection is shared: the receiver's checkpoint setting goes with it.
      expect(checkpointPages()).toBe(pagesBefore);
    } finally {
      await receiver.stop();
      writeDb.close();
      cache.dispose();
    }
  });
});
