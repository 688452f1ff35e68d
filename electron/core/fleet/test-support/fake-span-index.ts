import type { Handle } from '../../sources/test-support/loopback.js';
import { sendJson } from '../../sources/test-support/loopback.js';
import { histogramQuantile, type FleetModel } from './fleet-model.js';

const BOUNDS = 17;

/**
 * Elasticsearch holding the fleet model's spans in Jaeger's span indices, answering the aggregations Casefile asks
 * (span-index-aggregates.ts) the way the engine would: a cardinality of process.serviceName, then per terms partition
 * a date_histogram of startTimeMillis with percentiles of duration (µs) and an error filter. Counts come from the
 * model's rates over each bucket; a request of another shape gets the engine's own 400 parsing_exception.
 */
export function fakeSpanIndex(model: FleetModel, startMs: number, stepMs: number, seen: unknown[] = []): Handle {
  return (req, res) => {
    if (!/^\/jaeger-span-\*\/_search$/.test(decodeURIComponent(req.path))) {
      return sendJson(res, 404, { error: { root_cause: [{ type: 'index_not_found_exception', reason: `no such index [${req.path}]` }], type: 'index_not_found_exception', reason: `no such index [${req.path}]` }, status: 404 });
    }
    const body = JSON.parse(req.body) as { aggs?: { services?: Record<string, unknown> } };
    seen.push(body);
    const services = body.aggs?.services as { cardinality?: { field: string }; terms?: { field: string; include?: { partition: number; num_partitions: number } }; aggs?: { over_time?: { date_histogram?: { field: string; fixed_interval: string } } } } | undefined;
    const base = { took: 3, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] } };
    if (services?.cardinality?.field === 'process.serviceName') return sendJson(res, 200, { ...base, aggregations: { services: { value: model.names.length } } });
    const histogram = services?.aggs?.over_time?.date_histogram;
    if (services?.terms?.field !== 'process.serviceName' || histogram?.field !== 'startTimeMillis' || histogram.fixed_interval !== `${stepMs}ms`) {
      return sendJson(res, 400, { error: { type: 'parsing_exception', reason: 'unexpected aggregation' }, status: 400 });
    }
    const { partition, num_partitions: partitions } = services.terms.include ?? { partition: 0, num_partitions: 1 };
    const stepSeconds = stepMs / 1000;
    const buckets = model.names.flatMap((name, s) =>
      s % partitions !== partition
        ? []
        : [
            {
              key: name,
              doc_count: model.rate.reduce((n, r) => n + Math.round(r[s]! * stepSeconds), 0),
              over_time: {
                buckets: model.rate.map((r, b) => ({
                  key_as_string: new Date(startMs + b * stepMs).toISOString(),
                  key: startMs + b * stepMs,
                  doc_count: Math.round(r[s]! * stepSeconds),
                  errors: { doc_count: Math.round(model.errors[b]![s]! * stepSeconds) },
                  latency: { values: Object.fromEntries([0.5, 0.95, 0.99].map((q) => [`${(q * 100).toFixed(1)}`, (histogramQuantile(q, model.histogram[b]!, s * BOUNDS) ?? 0) * 1000])) },
                })),
              },
            },
          ],
    );
    sendJson(res, 200, { ...base, aggregations: { services: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets } } });
  };
}
