import type { ModelSpec } from '../core/models';
import { forgetCachedModel } from './model-cache';
import { requiredModelFiles } from './model-files';
import type { ModelDtype } from './types';

/** A model kept in the browser's downloads cache. */
export interface DownloadedModel {
  modelId: string;
  /** Bytes of its files in the cache (what removing it gives back). */
  bytes: number;
  /** The dtypes whose every file is there: a model can be loaded offline in these. */
  complete: ModelDtype[];
  /**
   * The hub it came from. transformers.js finds cached files by their full URL, so the model must be loaded with
   * this hub address again, or it would be downloaded anew from another.
   */
  hubUrl: string;
}

/**
 * The hub address as typed, made a URL ending in `/`; null for anything but http(s). A mirror with the hub's layout
 * (a company proxy, hf-mirror) works too.
 */
export function normaliseHubUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    return null;
  }
}

/** The URL transformers.js fetches a model file from: `{hub}{model}/resolve/main/{file}`. */
export function hubFileUrl(hubUrl: string, modelId: string, file: string): string {
  return new URL(`${modelId}/resolve/main/${file}`, hubUrl.endsWith('/') ? hubUrl : `${hubUrl}/`).href;
}

const DTYPES: ModelDtype[] = ['int8', 'fp16', 'fp32'];

async function bodyBytes(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > 0) return declared;
  return (await response.arrayBuffer()).byteLength;
}

/**
 * What of `models` is in the downloads cache: each one's bytes and the dtypes complete enough to load. Files are
 * matched by their path (`/{model id}/...`), so a model downloaded from a mirror counts as well.
 */
export async function downloadedModels(
  storage: CacheStorage,
  cacheName: string,
  models: readonly ModelSpec[],
): Promise<DownloadedModel[]> {
  if (!(await storage.has(cacheName))) return [];
  const cache = await storage.open(cacheName);
  const requests = await cache.keys();
  const found: DownloadedModel[] = [];
  for (const model of models) {
    const marker = `/${model.id}/resolve/`;
    const files = requests.filter((request) => new URL(request.url).pathname.includes(marker));
    if (files.length === 0) continue;
    const names = new Set(
      files.map((request) =>
        decodeURIComponent(new URL(request.url).pathname.split(marker)[1] ?? '').replace(/^[^/]+\//, ''),
      ),
    );
    let bytes = 0;
    for (const request of files) bytes += await bodyBytes(await cache.match(request));
    const complete = DTYPES.filter((dtype) => requiredModelFiles(dtype).every((file) => names.has(file)));
    const first = (files[0] as Request).url;
    found.push({ modelId: model.id, bytes, complete, hubUrl: first.slice(0, first.indexOf(`${model.id}/resolve/`)) });
  }
  return found;
}

/** Whether every file `modelId` needs in `dtype` is in the downloads cache under `hubUrl`: it loads with no download. */
export async function isModelDownloaded(
  storage: CacheStorage,
  cacheName: string,
  hubUrl: string,
  modelId: string,
  dtype: ModelDtype,
): Promise<boolean> {
  if (!(await storage.has(cacheName))) return false;
  const cache = await storage.open(cacheName);
  const found = await Promise.all(
    requiredModelFiles(dtype).map(async (file) => (await cache.match(hubFileUrl(hubUrl, modelId, file))) !== undefined),
  );
  return found.every(Boolean);
}

/** Deletes a downloaded model's files; its vectors in the local cache stay, and are used again if it comes back. */
export const removeDownloadedModel = (storage: CacheStorage, cacheName: string, modelId: string): Promise<number> =>
  forgetCachedModel(storage, cacheName, modelId);

/** The catalogue's estimate of a download in `dtype` (the hub is asked for the exact figure before a download). */
export const approxDownloadBytes = (spec: ModelSpec, dtype: ModelDtype): number =>
  spec.approxBytes[dtype === 'fp16' ? 'fp16' : 'fp32'];

/** A download's size before it starts: exact when the hub answered for every file, else the catalogue's estimate. */
export interface DownloadSize {
  bytes: number;
  exact: boolean;
}

/**
 * Asks the hub for the size of each file the model needs in `dtype` (HEAD requests: Content-Length is readable
 * across origins). Any file it cannot answer for makes the whole figure the catalogue's estimate.
 */
export async function probeDownloadSize(
  hubUrl: string,
  model: ModelSpec,
  dtype: ModelDtype,
  fetchFn: typeof fetch = fetch,
): Promise<DownloadSize> {
  const estimate = { bytes: approxDownloadBytes(model, dtype), exact: false };
  try {
    const sizes = await Promise.all(
      requiredModelFiles(dtype).map(async (file) => {
        const response = await fetchFn(hubFileUrl(hubUrl, model.id, file), { method: 'HEAD', cache: 'no-store' });
        const length = Number(response.headers.get('content-length'));
        return response.ok && Number.isFinite(length) && length > 0 ? length : null;
      }),
    );
    if (sizes.some((size) => size === null)) return estimate;
    return { bytes: sizes.reduce<number>((sum, size) => sum + (size as number), 0), exact: true };
  } catch {
    return estimate;
  }
}
