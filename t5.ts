import { openCore } from './electron/core/core.js';
const core = await openCore({ databasePath: process.argv[2]!, mode: 'web', loadDemoIfEmpty: false });
for (const name of ['cacheCounts', 'services', 'serviceGraph', 'traceList'] as const) {
  const s = performance.now();
  try { await (core.handlers as any)[name](name === 'traceList' ? { limit: 50 } : {}); } catch (e) { console.log(name, (e as Error).message.slice(0, 100)); }
  console.log(name, (performance.now() - s).toFixed(0), 'ms');
}
core.close();
