/// <reference types="vitest/config" />
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Multi-threaded WASM needs SharedArrayBuffer, which browsers only grant to cross-origin isolated pages.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A missing model file must be a 404: the SPA fallback would answer 200 with index.html, and
 * transformers.js would cache that HTML as a (broken) model file.
 */
function strictStaticFiles(prefixes: string[], rootDir: () => string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    if (!prefixes.some((prefix) => path.startsWith(prefix))) return next();
    const file = normalize(join(rootDir(), path));
    if (file.startsWith(rootDir()) && existsSync(file) && statSync(file).isFile()) return next();
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`Not found: ${path}\n`);
  };
}

function modelFilesAre404WhenMissing(): Plugin {
  const prefixes = ['/models/', '/ort/'];
  let publicDir = '';
  let outDir = '';
  return {
    name: 'careerpilot:model-files-404',
    configResolved(config) {
      publicDir = config.publicDir;
      outDir = join(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(strictStaticFiles(prefixes, () => publicDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(strictStaticFiles(prefixes, () => outDir));
    },
  };
}

const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  plugins: [react(), modelFilesAre404WhenMissing()],
  server: { port, headers: crossOriginIsolation },
  preview: { port, strictPort: true, headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
