import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPSTREAM, contentCounts, tempCache } from '../../../test/temp-cache.js';
import { importFile } from './import-file.js';

/**
 * Every real upstream sample, imported into a real SQLite file. Counts are computed here from the raw JSON,
 * independently of the parsers; files that are not trace or log payloads must be refused with a clear reason.
 */
type Json = unknown;
const objects = (value: Json): Record<string, Json>[] => (Array.isArray(value) ? (value as Record<string, Json>[]) : []);

function otlpCounts(doc: Record<string, Json>): { spans: number; logs: number } {
  const inner = (doc.result ?? doc.trace ?? doc) as Record<string, Json>;
  let spans = 0;
  let logs = 0;
  for (const batch of objects(inner.resourceSpans ?? inner.batches)) {
    for (const scoped of objects(batch.scopeSpans ?? batch.instrumentationLibrarySpans)) spans += objects(scoped.spans).length;
  }
  for (const batch of objects(inner.resourceLogs)) {
    for (const scoped of objects(batch.scopeLogs)) logs += objects(scoped.logRecords).length;
  }
  return { spans, logs };
}

function jaegerCount(doc: Json): number {
  if (Array.isArray(doc)) return doc.length; // a bare array of spans
  const record = doc as Record<string, Json>;
  if (Array.isArray(record.data)) return objects(record.data).reduce((n, trace) => n + objects(trace.spans).length, 0);
  if (Array.isArray(record.spans)) return record.spans.length;
  return 1; // a single span document
}

function zipkinCount(doc: Json): number {
  if (!Array.isArray(doc)) return 1;
  return doc.reduce((n: number, item) => n + (Array.isArray(item) ? item.length : 1), 0);
}

/** One JSON document, or newline-delimited ones as the collector's file exporter writes. */
function parseDocuments(text: string): Json[] {
  try {
    return [JSON.parse(text)];
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Json);
  }
}

function expectedCounts(folder: string, text: string): { spans: number; logs: number } {
  if (folder === 'zipkin-v2') return { spans: zipkinCount(JSON.parse(text)), logs: 0 };
  if (folder === 'jaeger-v1-http' || folder === 'elasticsearch') return { spans: jaegerCount(JSON.parse(text)), logs: 0 };
  return parseDocuments(text)
    .map((doc) => otlpCounts(doc as Record<string, Json>))
    .reduce((a, b) => ({ spans: a.spans + b.spans, logs: a.logs + b.logs }), { spans: 0, logs: 0 });
}

/** Samples that are not trace/log payloads Casefile imports from a file, and the reason each is refused. */
const REFUSED: Record<string, RegExp> = {
  'jaeger-v1-http/jaeger-ui__dependencies-data_small.json': /not a Zipkin v2 span, a Jaeger span or a Jaeger trace/,
  'jaeger-v1-http/jaeger-ui__dependencies-data_large-1.5k-services.json': /not a Zipkin v2 span, a Jaeger span or a Jaeger trace/,
  'jaeger-v1-http/jaeger-ui__genaiPartialTestTrace_ui-state-model.json': /not a recognised trace or log format \(top-level keys: data, id, state\)/,
  'jaeger-model-protojson/jaeger__integration-example_trace_protojson-base64-ids.json': /not a recognised trace or log format/,
  'jaeger-api-v3/jaeger__apiv3-FindTraceSummaries.json': /top-level keys: summaries/,
  'jaeger-api-v3/jaeger__apiv3-GetOperations.json': /top-level keys: operations/,
  'jaeger-api-v3/jaeger__apiv3-GetServices.json': /top-level keys: services/,
  // uint64 nanoseconds beyond int64 (year 2339): refused rather than wrapped into a wrong time.
  'jaeger-api-v3/jaeger__apiv3-GetTrace_v1.54_hex-ids-overflow-timestamp.json': /startTimeUnixNano: time 11651379494838206464 ns is out of range/,
  'jaeger-api-v3/jaeger__apiv3-TestGRPCGateway_GetTrace_v1.53_base64-ids.json': /startTimeUnixNano: time 11651379494838206464 ns is out of range/,
  'tempo/kiali__tempo-search-response_bookinfo.json': /top-level keys: traces, metrics/,
  'zipkin-v2/zipkin-lens__test_v1-format-not-v2.json': /Zipkin v1/,
  'otlp-json/data-prepper__test-otel-log.ExportLogsServiceRequest.pb': /binary file, not JSON/,
  'otlp-json/data-prepper__test-otel-multi-log_length-prefixed-stream.ExportLogsServiceRequest.pb': /binary file, not JSON/,
};

/**
 * Loki, Elasticsearch and Prometheus answers are read by the live connectors (issues 3 and 14); only Jaeger's ES span
 * documents import.
 */
const CONNECTOR_ONLY = /^(loki\/|prometheus\/|jaeger-monitor\/|elasticsearch\/(?!jaeger__es-span-doc))/;

/** Spans the cache rightly stores once: exact duplicates inside the sample. */
const DUPLICATES: Record<string, number> = {
  'zipkin-v2/zipkin-lens__netflix.json': 1,
  'jaeger-v1-http/jaeger__api-traces-envelope_otlp2jaeger-out.json': 1,
  'otlp-json/jaeger__otlp2jaeger-in.json': 1,
  // Not in this list: jaeger-ui's stats_traceWithMultipleSpansWithTheSameValueInDifferentTags has two different spans
  // ("span with test", "another span with test") sharing one id and start; both are kept (span-variants.ts).
};

const samples = readdirSync(UPSTREAM, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(UPSTREAM, dir.name)).map((file) => `${dir.name}/${file}`))
  .sort();

describe('importing every upstream sample', () => {
  let cache: ReturnType<typeof tempCache>;
  beforeEach(() => (cache = tempCache()));
  afterEach(() => cache.dispose());

  it('finds the samples', () => expect(samples.length).toBeGreaterThan(90));

  for (const sample of samples) {
    const folder = sample.split('/')[0]!;
    const path = join(UPSTREAM, sample);
    if (REFUSED[sample] !== undefined || CONNECTOR_ONLY.test(sample)) {
      it(`refuses ${sample} with a reason and keeps the cache as it was`, async () => {
        const before = contentCounts(cache.db);
        const error = await importFile(cache.db, path).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toContain(sample.split('/')[1]);
        if (REFUSED[sample]) expect((error as Error).message).toMatch(REFUSED[sample]);
        expect(contentCounts(cache.db)).toEqual(before);
      });
      continue;
    }
    it(`imports ${sample} with the counts of the file`, async () => {
      const expected = expectedCounts(folder, readFileSync(path, 'utf8'));
      const load = await importFile(cache.db, path);
      expect(load.status).toBe('done');
      expect({ spans: load.spansSeen, logs: load.logsSeen }).toEqual(expected);
      expect(load.spansAdded).toBe(expected.spans - (DUPLICATES[sample] ?? 0));
      const counts = contentCounts(cache.db);
      expect(counts.spans).toBe(load.spansAdded);
      expect(counts.logs).toBe(load.logsAdded);
      const ids = cache.db.prepare('SELECT trace_id, span_id FROM spans').all() as { trace_id: string; span_id: string }[];
      for (const row of ids) {
        expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
        expect(row.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
      // Idempotent: the same file again adds nothing.
      const again = await importFile(cache.db, path);
      expect([again.spansAdded, again.logsAdded]).toEqual([0, 0]);
      expect(contentCounts(cache.db)).toEqual(counts);
    });
  }
});
