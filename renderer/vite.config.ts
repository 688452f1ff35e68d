import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs, so the same build loads from http://, app:// and file:// alike.
  base: './',
  // esbuild's automatic JSX runtime is all React needs here; no React plugin (no fast refresh in this app).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Vite inlines small assets as data: URLs by default; keep every asset a file so the CSP stays simple.
    assetsInlineLimit: 0,
    // Electron and current Chromium support modulepreload natively; the polyfill would only add code.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Views load as chunks of their own (shell/MainView.tsx); the largest is echarts itself, ~650 kB minified with
    // only the charts and components registered (views/charts/echarts-setup.ts), loaded when a chart is first drawn.
    // The limit sits just above it so a view that grows past it, or a library pulled into the first chunk, warns.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      onwarn(warning, warn) {
        // React Query marks modules "use client" for server-component bundlers and zod carries /*#__PURE__*/
        // comments Rollup cannot place; both are harmless in a client-only bundle and would bury real warnings.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'INVALID_ANNOTATION') return;
        if (warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
    },
  },
});
