/**
 * Cache Storage names for model files in the browser. The bundled model's cache is named after a hash of
 * its files (computed at build time), so an app update that changes the model starts a new cache instead
 * of serving a stale copy; models a person downloaded keep transformers.js's default cache, so the ones
 * they already have survive app updates.
 */
export interface ModelCacheNames {
  bundled: string;
  downloads: string;
}

const BUNDLED_PREFIX = 'careerpilot-bundled-model-';

export function modelCacheNames(bundledModelVersion: string): ModelCacheNames {
  return { bundled: `${BUNDLED_PREFIX}${bundledModelVersion}`, downloads: 'transformers-cache' };
}

/** Deletes the bundled model's caches left by earlier versions of the app; returns their names. */
export async function dropOutdatedBundledCaches(storage: CacheStorage, names: ModelCacheNames): Promise<string[]> {
  const outdated = (await storage.keys()).filter((name) => name.startsWith(BUNDLED_PREFIX) && name !== names.bundled);
  await Promise.all(outdated.map((name) => storage.delete(name)));
  return outdated;
}

/**
 * Removes one model's files from a cache, so that a retry after a failed load fetches them again instead
 * of reading back the broken copy. Returns how many files were removed.
 */
export async function forgetCachedModel(storage: CacheStorage, cacheName: string, modelId: string): Promise<number> {
  if (!(await storage.has(cacheName))) return 0;
  const cache = await storage.open(cacheName);
  const stale = (await cache.keys()).filter((request) => new URL(request.url).pathname.includes(`/${modelId}/`));
  await Promise.all(stale.map((request) => cache.delete(request)));
  return stale.length;
}
