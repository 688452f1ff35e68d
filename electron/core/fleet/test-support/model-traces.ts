import { Rng } from '../../../../fixtures/demo/prng.js';
import type { JaegerTrace } from '../../sources/test-support/fake-jaeger.js';
import { histogramQuantile, type FleetModel } from './fleet-model.js';

/**
 * Traces through the model's faulty service, as a Jaeger holding them would serve them: a caller's request into
 * the service, which calls its own callees. Before the fault's onset they are normal; after it the service adds its
 * fault (500 ms of its own time, or failures of one request in four). These are the exemplars a fleet suspect is
 * confirmed on.
 */
export function modelTraces(model: FleetModel, options: { startSeconds: number; stepSeconds: number; perBucket?: number; seed?: number }): JaegerTrace[] {
  const fault = model.fault;
  if (fault === null) return [];
  const rng = new Rng(options.seed ?? 99);
  const target = model.names.indexOf(fault.service);
  const caller = model.calls.find((c) => c.callee === target)?.caller ?? null;
  const callees = model.calls.filter((c) => c.caller === target).map((c) => c.callee);
  // The service's requests take what the model's histogram says (its median before the fault), plus the fault's time.
  const typicalUs = Math.max(2_000, (histogramQuantile(0.5, model.histogram[0]!, target * 17) ?? 10) * 1000);
  const traces: JaegerTrace[] = [];
  let next = 1;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  for (let b = 0; b < model.buckets; b++) {
    for (let j = 0; j < (options.perBucket ?? 3); j++) {
      const faulty = b >= fault.at;
      const traceID = hex(0xf1ee7000 + next++, 32);
      const startUs = Math.round((options.startSeconds + b * options.stepSeconds + j * 7 + rng.next()) * 1e6);
      const processes: JaegerTrace['processes'] = {};
      const spans: JaegerTrace['spans'] = [];
      const span = (service: number, name: string, start: number, duration: number, error: boolean, parent: string | null) => {
        const spanID = hex(next++, 16);
        processes[`p${service}`] = { serviceName: model.names[service]! };
        spans.push({
          traceID,
          spanID,
          operationName: name,
          startTime: start,
          duration,
          processID: `p${service}`,
          tags: [{ key: 'span.kind', value: 'server' }, ...(error ? [{ key: 'error', value: true }] : [])],
          ...(parent === null ? {} : { references: [{ refType: 'CHILD_OF', traceID, spanID: parent }] }),
        } as JaegerTrace['spans'][number]);
        return spanID;
      };
      const failed = faulty && fault.kind === 'errors' && rng.chance(0.25);
      const calleeUs = callees.map(() => Math.round(rng.between(0.05, 0.15) * typicalUs));
      const ownUs = Math.round(typicalUs * rng.between(0.6, 1.2) + (faulty && fault.kind === 'latency' ? fault.extraMs * 1000 : 0));
      const serviceUs = ownUs + calleeUs.reduce((a, d) => a + d, 0);
      const rootStart = startUs;
      const rootId = caller === null ? null : span(caller, 'GET /api', rootStart, serviceUs + 3_000, failed, null);
      const serviceId = span(target, 'handle', rootStart + 1_000, serviceUs, failed, rootId);
      let at = rootStart + 1_000 + Math.round(ownUs / 2);
      callees.forEach((callee, i) => {
        span(callee, 'work', at, calleeUs[i]!, false, serviceId);
        at += calleeUs[i]!;
      });
      traces.push({ traceID, spans, processes });
    }
  }
  return traces;
}
