import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addLogqlMatcher } from '../../../shared/query-fragments.js';
import { UPSTREAM } from '../../../test/temp-cache.js';
import { fakeLoki, lokiTime, type LokiStream } from './test-support/fake-loki.js';
import { sourceHarness, type SourceHarness } from './test-support/harness.js';
import { closedPortUrl, startLoopback, type Loopback } from './test-support/loopback.js';

const LABELS_SAMPLE = readFileSync(join(UPSTREAM, 'loki', 'loki__labels.json'), 'utf8');
const T = 1_700_000_000_000_000_000n;
const HOUR = 3_600_000_000_000n;
const ODD = 'pay "ments"\\prod';

/** Two streams in the window, one a day older that the window must leave out. */
const STREAMS: LokiStream[] = [
  { labels: { app: 'cart', level: 'error' }, entries: [{ ts: T + 5n, line: 'level=error msg="cart failed"' }] },
  { labels: { app: ODD, level: 'info' }, entries: [{ ts: T - HOUR / 2n, line: 'level=info msg="odd"' }] },
  { labels: { app: 'ads', region: 'eu' }, entries: [{ ts: T - 24n * HOUR, line: 'level=info msg="yesterday"' }] },
];
const WINDOW = { startNs: (T - HOUR).toString(), endNs: (T + HOUR).toString() };

let h: SourceHarness;
let server: Loopback;
afterEach(async () => {
  await server?.close();
  h?.dispose();
});

async function setUp(): Promise<void> {
  server = await startLoopback(fakeLoki(STREAMS));
  h = await sourceHarness();
  await h.add({ name: 'loki', kind: 'loki', url: server.url, tenant: 'team-a' });
}

describe('Loki label browsing', () => {
  it('lists the labels of streams in the window, sending start/end in ns as Loki reads them', async () => {
    await setUp();
    const labels = await h.client.sourceTags({ name: 'loki', window: WINDOW });
    expect(labels).toEqual([
      { name: 'app', scope: null },
      { name: 'level', scope: null },
    ]);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/loki/api/v1/labels');
    expect([request.query.get('start'), request.query.get('end')]).toEqual([WINDOW.startNs, WINDOW.endNs]);
    // Loki takes ≤10 digits as seconds: the ns strings must be read back as the same instants.
    expect(lokiTime(request.query.get('start')!)).toBe(T - HOUR);
    expect(request.headers['x-scope-orgid']).toBe('team-a');
  });

  it('lists a label\'s values in the window, and the matcher built from one reads back as LogQL', async () => {
    await setUp();
    const values = await h.client.sourceTagValues({ name: 'loki', tag: 'app', window: WINDOW });
    expect(values).toEqual([
      { value: 'cart', type: null },
      { value: ODD, type: null },
    ]);
    expect(server.requests.at(-1)!.path).toBe('/loki/api/v1/label/app/values');
    expect(server.requests.at(-1)!.query.get('end')).toBe(WINDOW.endNs);
    // A value with quotes and a backslash, merged into the selector, finds its stream in Loki.
    const query = addLogqlMatcher('{level="info"}', 'app', ODD) as string;
    expect(query).toBe('{level="info", app="pay \\"ments\\"\\\\prod"}');
    const found = await h.finished(await h.client.pullLogs({ source: 'loki', query: { query, ...WINDOW } }));
    expect(found.logs.map((l) => l.body)).toEqual(['level=info msg="odd"']);
    // The day-old stream is outside the window.
    expect(await h.client.sourceTagValues({ name: 'loki', tag: 'region', window: WINDOW })).toEqual([]);
  });

  it('reads Loki\'s own labels answer, refuses another product\'s and a name that is not a label, and names the source offline', async () => {
    await setUp();
    server.fault = (req, res) => req.path === '/loki/api/v1/labels' && (res.writeHead(200, { 'Content-Type': 'application/json' }).end(LABELS_SAMPLE), true);
    expect((await h.client.sourceTags({ name: 'loki' })).map((t) => t.name)).toEqual(['label1', 'test', 'value']);
    server.fault = (req, res) => req.path.endsWith('/values') && (res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"tagValues":["a"]}'), true);
    await expect(h.client.sourceTagValues({ name: 'loki', tag: 'app' })).rejects.toThrow(/loki.*GET \/loki\/api\/v1\/label\/app\/values.*not a Loki response \(top-level keys: tagValues\)/);
    await expect(h.client.sourceTagValues({ name: 'loki', tag: 'service.name' })).rejects.toThrow(/"service.name" is not a Loki label name/);
    await h.add({ name: 'loki', kind: 'loki', url: await closedPortUrl() });
    await expect(h.client.sourceTags({ name: 'loki' })).rejects.toThrow(/loki.*connection refused/);
  });
});
