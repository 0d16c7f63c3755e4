/**
 * What the service worker (sw.ts) does with each request, and the names of the caches it owns, as plain
 * functions so that Vitest checks them in Node. Nothing here touches a service worker global.
 */

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, so multi-threaded WASM). */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A response from the service worker replaces the server's, headers and all: a page or a worker script
 * served from the precache without COOP/COEP would lose cross-origin isolation and fall back to one WASM
 * thread. Workbox stores the server's headers, so this normally returns the response as it is; it adds the
 * headers only when a server left them out (a host configured for HTML only, say). Responses the page
 * cannot read (opaque, errors) pass untouched: their headers cannot be changed and are not ours.
 */
export function withCrossOriginIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') return response;
  const missing = Object.entries(CROSS_ORIGIN_ISOLATION).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** How the service worker treats a same-origin request. */
export type RequestRoute =
  /** The bundled model: never touched, so transformers.js's own cache and the server's 404s stay as they are. */
  | 'model'
  /** ONNX Runtime's asyncify build (WebGPU only, 27 MB): cached the first time a WebGPU run asks for it. */
  | 'webgpu-runtime'
  /** Everything else: the precache answers what it holds, the network the rest. */
  | 'default';

/** `scope` is the service worker registration's scope (the app's base URL, e.g. `http://host/`). */
export function routeFor(url: URL, scope: string): RequestRoute {
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return 'default';
  const path = url.pathname.slice(base.pathname.length);
  if (path.startsWith('models/')) return 'model';
  if (path.startsWith('ort/') && path.includes('.asyncify.')) return 'webgpu-runtime';
  return 'default';
}

/**
 * Navigations under these paths are not the app: they get the server's answer, never index.html (a model
 * file answered with the app's HTML would be cached by transformers.js as a broken model).
 */
export function navigationDenylist(scope: string): RegExp[] {
  const base = new URL(scope).pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [new RegExp(`^${base}models/`), new RegExp(`^${base}ort/`)];
}

const WEBGPU_RUNTIME_PREFIX = 'careerpilot-ort-webgpu-';

/**
 * The runtime cache for the asyncify build is named after a hash of its files (vite.config.ts), because the
 * files keep their names across ONNX Runtime versions: a build that ships a new runtime starts an empty
 * cache instead of serving the old wasm to the new JavaScript that loads it.
 */
export function webGpuRuntimeCacheName(version: string): string {
  return `${WEBGPU_RUNTIME_PREFIX}${version}`;
}

/** Runtime caches left by earlier builds, to delete when this service worker activates. */
export function outdatedWebGpuRuntimeCaches(cacheNames: readonly string[], version: string): string[] {
  const current = webGpuRuntimeCacheName(version);
  return cacheNames.filter((name) => name.startsWith(WEBGPU_RUNTIME_PREFIX) && name !== current);
}

/** The message the page's "Reload" button sends (workbox-window's messageSkipWaiting). */
export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}
