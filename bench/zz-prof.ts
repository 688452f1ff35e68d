import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCore } from '/work/main/electron/core/core.js';
import { sourceConfig } from '/work/main/shared/sources.js';
const START = 1_760_000_000;
const child = spawn(process.execPath, ['--import', 'tsx', '/work/main/bench/fleet-server.ts', '5000', '60', '5', String(START), '60'], { stdio: ['pipe', 'pipe', 'inherit'] });
let url = '';
for await (const line of createInterface({ input: child.stdout })) { url = JSON.parse(line).url; break; }
const query = { startNs: `${START}000000000`, endNs: `${START + 3600}000000000`, buckets: 60 };
for (let i = 0; i < 3; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'prof-'));
  const core = await openCore({ databasePath: path.join(dir, 'c.sqlite'), mode: 'web', journalFolder: dir });
  await core.handlers.saveSource({ config: sourceConfig.parse({ name: 'prom', kind: 'prometheus', url, timeoutMs: 120_000 }), secrets: {} });
  const t = performance.now();
  const started = await core.handlers.pullAggregates({ source: 'prom', query, refresh: false });
  await core.pulls.wait(started.id);
  console.log('pull', ((performance.now() - t) / 1000).toFixed(2));
  const r = performance.now();
  await core.handlers.fleetReport({ confirm: true, series: false });
  console.log('report', ((performance.now() - r) / 1000).toFixed(2));
  core.close();
}
child.stdin.end();
