/**
 * Builds the web console (`/`) and the GraphiQL explorer (`/explorer/`) into `client/dist`,
 * which the gateway serves. Everything is bundled — including GraphiQL's monaco web workers —
 * so both pages work offline. `npm run build` runs this from the project root.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const clientDir = path.dirname(fileURLToPath(import.meta.url));
const gateway = 'http://127.0.0.1:4000';

export default defineConfig({
  root: clientDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(clientDir, 'dist'),
    emptyOutDir: true,
    // Monaco alone is ~3 MB; the console entry stays small because the explorer is its own page.
    chunkSizeWarningLimit: 5000,
    rolldownOptions: {
      // GraphiQL ships React-compiler "use no memo" directives; dropping them when bundling is harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        console: path.join(clientDir, 'index.html'),
        explorer: path.join(clientDir, 'explorer/index.html'),
      },
    },
  },
  // Monaco's workers import shared chunks; IIFE workers cannot be code-split.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
    },
  },
});
