import { parseArgs } from 'node:util';
import { FORMATS, type FuzzFormat } from './bases.js';
import { runFuzz } from './engine.js';

/**
 * `npm run fuzz [-- --seed N --per-format N --format F --only I]`: imports seeded, mutated files of every format and
 * prints what was accepted and refused, how long it took, and any violation with the recipe to reproduce it.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261203' },
    'per-format': { type: 'string', default: '10000' },
    format: { type: 'string', multiple: true },
    only: { type: 'string' },
  },
});
const formats = (values.format ?? [...FORMATS]) as FuzzFormat[];
const unknown = formats.filter((f) => !FORMATS.includes(f));
if (unknown.length > 0) {
  process.stderr.write(`unknown format ${unknown.join(', ')}; known: ${FORMATS.join(', ')}\n`);
  process.exit(2);
}
const seed = Number(values.seed);
const perFormat = Number(values['per-format']);
const started = performance.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
process.stdout.write(`fuzz seed ${seed}, ${perFormat} inputs per format\n`);
process.stdout.write('format        inputs  accepted  refused  time     mean     slowest input\n');
// Each format's line is printed as soon as it is done, so a long run shows its figures as it goes.
const report = await runFuzz({
  seed,
  perFormat,
  formats,
  ...(values.only === undefined ? {} : { only: Number(values.only) }),
  onBatch: (format, done) => process.stderr.write(`\r${format}: ${done} inputs   `),
  onFormat: (format, f) =>
    process.stdout.write(
      `\r${format.padEnd(12)} ${String(f.inputs).padStart(7)} ${String(f.accepted).padStart(9)} ${String(f.refused).padStart(8)}  ` +
        `${seconds(f.ms).padEnd(8)} ${`${(f.ms / Math.max(1, f.inputs)).toFixed(1)} ms`.padEnd(8)} ${seconds(f.slowestMs)} (${f.slowest.slice(0, 60)})\n`,
    ),
});
process.stderr.write('\n');
const mutations = Object.entries(report.mutations).sort((a, b) => b[1] - a[1]);
process.stdout.write(`mutations applied: ${mutations.map(([name, n]) => `${name} ${n}`).join(', ')}\n`);
process.stdout.write(`total ${seconds(performance.now() - started)}; violations: ${report.violations.length}\n`);
for (const v of report.violations.slice(0, 50)) {
  process.stdout.write(`  ${v.format} #${v.index} [${v.mutations.join(', ')}]: ${v.problem}\n`);
  process.stdout.write(`    reproduce: npm run fuzz -- --seed ${seed} --format ${v.format} --only ${v.index}\n`);
}
process.exitCode = report.violations.length > 0 ? 1 : 0;
