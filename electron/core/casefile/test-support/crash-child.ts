import { JournalStore } from '../journal-store.js';
import { saveCasefile } from '../save-casefile.js';

/**
 * Test support: a process the crash tests kill -9 at a random moment. `journal PATH`: records steps as fast as it
 * can, printing each id after its commit. `save CACHE OUT`: saves the same casefile over and over (Save As).
 */
const [mode, a, b] = process.argv.slice(2);
if (mode === 'journal') {
  const store = new JournalStore(a!);
  store.reset('crash test', 'tester');
  for (let i = 0; ; i++) {
    const step = store.recordStep({ kind: 'view', state: { view: { view: 'graph' }, time: { kind: 'all' }, timeZone: 'utc' }, detail: { i }, author: 'tester', parentId: null });
    process.stdout.write(`${step.id}\n`);
  }
} else if (mode === 'save') {
  for (let i = 0; ; i++) {
    saveCasefile(a!, b!, { traceIds: [], logIds: [], windows: [{ startNs: '0', endNs: '9223372036854775807' }], allInWindow: true }, { title: `save ${i}`, author: 'tester' });
    process.stdout.write(`saved ${i}\n`);
  }
}
