// Lint, and the layer boundaries of STYLE.md as errors: shared/ is plain TypeScript, electron/ and renderer/ build on
// it and never on each other, and only electron/main and electron/preload may touch Electron itself.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** Parts of no-restricted-imports options. A later matching config replaces a rule's options, so each folder lists all of its own. */
const no = {
  node: (why) => ({
    paths: nodeBuiltins.map((name) => ({ name, message: why })),
    patterns: [{ group: ['node:*'], message: why }],
  }),
  packages: (names, why) => ({ paths: names.map((name) => ({ name, message: why })), patterns: [] }),
  packageTrees: (names, why) => ({ paths: [], patterns: [{ group: names.flatMap((n) => [n, `${n}/*`]), message: why }] }),
  folder: (folder, why) => ({ paths: [], patterns: [{ regex: `^(\\.\\./)+${folder}(/|$)`, message: why }] }),
};

function restrict(...parts) {
  return ['error', { paths: parts.flatMap((p) => p.paths), patterns: parts.flatMap((p) => p.patterns) }];
}

const sharedWhy = 'shared/ runs in main, renderer and workers alike: no Node, Electron, SQLite, React or app code here.';
const plainNodeWhy = 'electron/core, web and cli are plain Node so they run (and are tested) without Electron.';
const rendererWhy = 'The renderer is a sandboxed web page: it reaches data only through the contract (shared/).';
const electronRendererWhy = 'electron/ and renderer/ meet only in shared/.';

/** Node's usual globals for the plain .js/.mjs scripts (TypeScript checks its own files). */
const nodeGlobals = Object.fromEntries(
  [
    ...['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'structuredClone'],
    ...['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'release/', 'out/', 'fixtures/demo/*.ndjson'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: nodeGlobals } },
  {
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        no.node(sharedWhy),
        no.packages(['electron', 'better-sqlite3'], sharedWhy),
        no.packageTrees(['react', 'react-dom'], sharedWhy),
        no.folder('(electron|renderer)', sharedWhy),
      ),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(no.folder('renderer', electronRendererWhy)) },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(no.folder('renderer', electronRendererWhy), no.packageTrees(['electron'], plainNodeWhy)),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // The Vite config is build tooling run by Node, not part of the page.
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': restrict(
        no.node(rendererWhy),
        no.packages(['better-sqlite3'], rendererWhy),
        no.packageTrees(['electron'], rendererWhy),
        no.folder('electron', electronRendererWhy),
      ),
    },
  },
);
