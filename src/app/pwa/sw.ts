/**
 * The service worker: after one visit the app loads with no network. vite-plugin-pwa builds this file
 * (strategy injectManifest) and writes the list of files to precache into `self.__WB_MANIFEST`; which files
 * are on that list, and why the model is not, is decided in vite.config.ts.
 *
 * - The precache holds the page, every JS chunk (the workers' too), the CSS, the sample jobs, the icons and
 *   ONNX Runtime's plain wasm build, which the default WASM path runs on.
 * - The model is never on it and never intercepted: transformers.js keeps it in Cache Storage itself
 *   (`careerpilot-bundled-model-<hash>`), and a second copy would cost 23-90 MB for nothing. A missing model
 *   file stays the server's 404.
 * - ONNX Runtime's asyncify build (WebGPU only, 27 MB) is cached the first time a WebGPU run fetches it.
 * - A new build waits until the page asks it to take over (the "Reload" button), so a page never runs on
 *   chunks of two builds.
 */
import type { WorkboxPlugin } from 'workbox-core/types';
import { clientsClaim } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import {
  isSkipWaitingMessage,
  navigationDenylist,
  outdatedWebGpuRuntimeCaches,
  routeFor,
  webGpuRuntimeCacheName,
  withCrossOriginIsolation,
} from './sw-policy';

/*
 * The project compiles against the DOM library, which has no service worker globals (adding the WebWorker
 * library would change `self` for every file), so the few members used here are declared locally.
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}
declare const __ORT_WEBGPU_VERSION__: string;

const sw = self as unknown as ServiceWorkerScope;
const scope = sw.registration.scope;

const isolation: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withCrossOriginIsolation(response),
};

addPlugins([isolation]);
// The injection point: workbox-build replaces exactly `self.__WB_MANIFEST` with the list of files.
precacheAndRoute((self as unknown as { __WB_MANIFEST: (string | PrecacheEntry)[] }).__WB_MANIFEST);
cleanupOutdatedCaches();

// Any in-app address (`/?device=wasm` included) opens the precached page; model and runtime paths do not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: navigationDenylist(scope) }));

const webGpuRuntimeCache = webGpuRuntimeCacheName(__ORT_WEBGPU_VERSION__);
registerRoute(
  ({ url }) => routeFor(url, scope) === 'webgpu-runtime',
  new CacheFirst({ cacheName: webGpuRuntimeCache, plugins: [isolation] }),
);
// No route matches /models/: Workbox leaves such a request alone (no respondWith), so it goes to the network
// exactly as without a service worker.

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(outdatedWebGpuRuntimeCaches(names, __ORT_WEBGPU_VERSION__).map((name) => caches.delete(name))),
      ),
  );
});

sw.addEventListener('message', (event) => {
  if (isSkipWaitingMessage(event.data)) void sw.skipWaiting();
});

// The first install controls the open page at once, so it works offline without a second visit. An update
// never reaches here before the page asked for it (skipWaiting above), and then the page reloads.
clientsClaim();
