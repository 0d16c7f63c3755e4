/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, relative } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * A hash of ONNX Runtime's asyncify build in public/ort/ (copied there by `npm run assets`). The service
 * worker caches that build at run time under a name made from this hash, so a new runtime never meets the
 * old wasm. Before the files are copied (unit tests, a fresh clone) there is nothing to hash.
 */
function webGpuRuntimeVersion(ortDir = join(import.meta.dirname, 'public', 'ort')): string {
  if (!existsSync(ortDir)) return 'none';
  const hash = createHash('sha256');
  for (const name of readdirSync(ortDir)
    .filter((file) => file.includes('.asyncify.'))
    .sort()) {
    hash.update(name).update(readFileSync(join(ortDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

const THEME_COLOUR = '#2f5bea';

/**
 * The installable, offline app (src/app/pwa/sw.ts says what the service worker does with each request).
 * What is precached is decided here, from the build output:
 * - the page, every JS chunk (the embedding, keyword, jobs-file and resume workers, pdf.js and its CMaps),
 *   the CSS, the sample jobs, the icons and the manifest;
 * - ONNX Runtime's plain build under /ort/ (what the default WASM path runs on, 14 MB).
 * Left out, on purpose:
 * - models/: transformers.js already keeps the model in Cache Storage; precaching it would store a second
 *   copy (23-90 MB per dtype) and download all three dtypes on install;
 * - ort/*asyncify*: the WebGPU build (27 MB) is cached by the service worker the first time a WebGPU run
 *   fetches it, so WASM users never download it;
 * - assets/*.wasm: a copy of ONNX Runtime's wasm that Vite emits because the runtime names it with
 *   `new URL(…)`; the app loads only the copy under /ort/.
 */
function installableApp() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/app/pwa',
    filename: 'sw.ts',
    // 'prompt': a new build waits for the page's Reload button instead of swapping chunks under a running page.
    registerType: 'prompt',
    // main.tsx registers it through `virtual:pwa-register`.
    injectRegister: false,
    // The globs below already take public/'s files (icons included) from the build output.
    includeManifestIcons: false,
    manifest: {
      id: '/',
      name: 'CareerPilot Match',
      short_name: 'CareerPilot',
      description: 'Match a profile to job postings with embeddings computed on your own machine.',
      lang: 'en',
      display: 'standalone',
      theme_color: THEME_COLOUR,
      background_color: '#f3f5fa',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      // A classic script: every browser that has service workers can run it.
      rollupFormat: 'iife',
      globPatterns: ['**/*.{html,js,mjs,css,json,bcmap,wasm,svg,png}'],
      globIgnores: ['models/**', 'ort/*.asyncify.*', 'assets/*.wasm', 'icons/*.svg'],
      // The largest file kept is ONNX Runtime's plain wasm (14 MB); Workbox's default limit is 2 MB.
      maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
    },
  });
}

/**
 * `npm run dev` has no service worker, but it serves on the same port as `npm start` (4173), so one that
 * `npm start` left in the browser would keep answering with the built app instead of the dev server. The
 * browser checks /sw.js on every visit: in dev it gets this one, which takes over, deletes the app's caches
 * (not the model's: transformers.js owns those), unregisters itself and reloads the open tabs.
 */
const REMOVE_SERVICE_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('workbox-precache') || name.startsWith('careerpilot-ort-webgpu-')) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
  })());
});
`;

function removeServiceWorkerInDev(): Plugin {
  return {
    name: 'careerpilot:remove-sw-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? '').split('?')[0] !== '/sw.js') return next();
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(REMOVE_SERVICE_WORKER);
      });
    },
  };
}

/** The theme colour for the browser's UI, and an icon for iOS home screens (index.html stays as it is). */
function pwaHead(): Plugin {
  return {
    name: 'careerpilot:pwa-head',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOUR }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' }, injectTo: 'head' },
    ],
  };
}

const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  plugins: [react(), serveModelFiles(), installableApp(), pwaHead(), removeServiceWorkerInDev()],
  server: { port, headers: crossOriginIsolation },
  preview: { port, strictPort: true, headers: crossOriginIsolation },
  define: {
    __BUNDLED_MODEL_VERSION__: JSON.stringify(bundledModelVersion()),
    __ORT_WEBGPU_VERSION__: JSON.stringify(webGpuRuntimeVersion()),
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    // Measurements (bench/*.measure.ts) run only when asked: `npm run measure:chunks`.
    include: process.env.MEASURE
      ? ['bench/**/*.measure.ts']
      : ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
