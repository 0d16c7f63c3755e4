/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, relative } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Multi-threaded WASM needs SharedArrayBuffer, which browsers only grant to cross-origin isolated pages.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.onnx': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Serves model and runtime files as they are: a missing one is a 404 (the SPA fallback would answer 200
 * with index.html, and transformers.js would take that HTML for a model file), and the rest go out
 * uncompressed with a Content-Length (gzipping 23-90 MB on every request costs seconds, hides the size
 * from the progress bar, and made Chromium fail with ERR_CACHE_WRITE_FAILURE when two requests for the
 * same model file overlapped).
 */
function modelFileServer(prefixes: string[], rootDir: () => string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    if (!prefixes.some((prefix) => path.startsWith(prefix))) return next();
    const file = normalize(join(rootDir(), path));
    const stats = file.startsWith(rootDir()) && existsSync(file) ? statSync(file) : null;
    if (!stats?.isFile()) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Not found: ${path}\n`);
      return;
    }
    const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    for (const [name, value] of Object.entries(crossOriginIsolation)) res.setHeader(name, value);
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', stats.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}

function serveModelFiles(): Plugin {
  const prefixes = ['/models/', '/ort/'];
  let publicDir = '';
  let outDir = '';
  return {
    name: 'careerpilot:model-files',
    configResolved(config) {
      publicDir = config.publicDir;
      outDir = join(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(modelFileServer(prefixes, () => publicDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(modelFileServer(prefixes, () => outDir));
    },
  };
}

/**
 * A hash of the bundled model's files. The browser caches the model in Cache Storage under this name, so
 * a build that ships different model files never serves the old copy.
 */
function bundledModelVersion(modelDir = join(import.meta.dirname, 'public', 'models')): string {
  const hash = createHash('sha256');
  const files = readdirSync(modelDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(relative(modelDir, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  plugins: [react(), serveModelFiles()],
  server: { port, headers: crossOriginIsolation },
  preview: { port, strictPort: true, headers: crossOriginIsolation },
  define: { __BUNDLED_MODEL_VERSION__: JSON.stringify(bundledModelVersion()) },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    // Measurements (bench/*.measure.ts) run only when asked: `npm run measure:chunks`.
    include: process.env.MEASURE ? ['bench/**/*.measure.ts'] : ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
