import { fakePrometheus } from '../electron/core/fleet/test-support/fake-prometheus.js';
import { generateFleet } from '../electron/core/fleet/test-support/fleet-model.js';
import { startLoopback } from '../electron/core/sources/test-support/loopback.js';

/**
 * The fleet benchmark's backend, in a process of its own as a real Prometheus would be: generates the fleet
 * (argv: services, buckets, seed, start seconds, step seconds), serves it on loopback, prints one JSON line
 * ({ url, fault }) and serves until its stdin closes.
 */
const [services, buckets, seed, start, step] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const model = generateFleet({ services, buckets, seed, fault: { kind: 'latency', place: 'middle' } });
const server = await startLoopback(fakePrometheus({ model, startSeconds: start, stepSeconds: step }));
process.stdout.write(`${JSON.stringify({ url: server.url, fault: model.fault, edges: model.calls.length })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
