// Bundles the Electron main process and the preload into dist/electron/ (package.json "main" points there).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

/** Electron 39 runs Node 22 in the main process and Chromium 142 in the sandboxed preload. */
const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  absWorkingDir: root,
};

/** Node-side bundles share these: see the comment on `define`. */
const nodeBundle = {
  ...common,
  platform: 'node',
  target: 'node22',
  // better-sqlite3 is a native module, loaded from node_modules (rebuilt for Electron by electron-builder).
  external: ['electron', 'better-sqlite3'],
  // The sources are ESM and resolve files with `new URL('../../…', import.meta.url)`; in CJS, import.meta is empty,
  // so give it the bundle's own URL. dist/electron/ sits as deep as electron/core/, so those paths still land on
  // the same files (package.json, fixtures/demo/).
  define: { 'import.meta.url': '__casefileBundleUrl' },
  banner: { js: "const __casefileBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  // Imports parse files on a worker thread; electron/core finds this bundle beside main.cjs.
  build({ ...nodeBundle, entryPoints: ['electron/core/ingest/parse-worker.ts'], outfile: path.join(outdir, 'parse-worker.cjs') }),
  // The OTLP receiver decodes requests on a thread of its own (electron/core/receiver/decode-thread.ts).
  build({ ...nodeBundle, entryPoints: ['electron/core/receiver/decode-worker.ts'], outfile: path.join(outdir, 'otlp-decode-worker.cjs') }),
  // Root-cause analyses run on a thread of their own (electron/core/analysis/run-analysis.ts).
  build({ ...nodeBundle, entryPoints: ['electron/core/analysis/analysis-worker.ts'], outfile: path.join(outdir, 'analysis-worker.cjs') }),
  // Slow reads (the service graph, findings) run on a thread of their own (electron/core/read-thread/read-thread.ts).
  build({ ...nodeBundle, entryPoints: ['electron/core/read-thread/read-worker.ts'], outfile: path.join(outdir, 'read-worker.cjs') }),
  // An opened casefile's indexes are built on a thread of their own (electron/core/casefile/opened-casefile.ts).
  build({ ...nodeBundle, entryPoints: ['electron/core/casefile/index-worker.ts'], outfile: path.join(outdir, 'index-worker.cjs') }),
  // A cache from before the graph's summaries is summarised once on a thread of its own (ingest/summarise-old-cache.ts).
  build({ ...nodeBundle, entryPoints: ['electron/core/ingest/edge-minutes-worker.ts'], outfile: path.join(outdir, 'edge-minutes-worker.cjs') }),
  build({
    ...nodeBundle,
    entryPoints: ['electron/main/main.ts'],
    outfile: path.join(outdir, 'main.cjs'),
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // A sandboxed preload gets a limited `require` (electron and a few polyfills): it must be one self-contained file.
    platform: 'browser',
    target: 'chrome142',
    external: ['electron'],
  }),
]);
