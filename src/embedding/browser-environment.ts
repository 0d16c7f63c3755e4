import type { EngineEnvironment } from './engine';
import { modelCacheNames } from './model-cache';
import { hubFileUrl, isModelDownloaded } from './model-downloads';
import type { ModelFileRead } from './model-files';

/**
 * The engine's environment in the browser worker: models and ONNX Runtime's wasm files come from the
 * app's own origin (public/models/ and public/ort/), never from a CDN.
 */
export function browserEnvironment(origin: string, base = '/'): EngineEnvironment {
  const root = new URL(base, origin).href;
  return {
    // A path, not a full URL: transformers.js only looks for local files (tokenizer_config.json
    // among them) under a localModelPath that is not a URL, and silently skips the tokenizer otherwise.
    localModelPath: `${new URL(root).pathname}models/`,
    wasmRuntimes: {
      cpu: { mjs: `${root}ort/ort-wasm-simd-threaded.mjs`, wasm: `${root}ort/ort-wasm-simd-threaded.wasm` },
      webgpu: {
        mjs: `${root}ort/ort-wasm-simd-threaded.asyncify.mjs`,
        wasm: `${root}ort/ort-wasm-simd-threaded.asyncify.wasm`,
      },
    },
    // Cache Storage exists only in secure contexts (https, localhost); elsewhere files come from the server.
    ...(typeof caches === 'undefined' ? {} : cacheStorageParts(caches)),
    readModelFile: (modelId) => async (file) =>
      readOf(await fetch(`${root}models/${modelId}/${file}`, { cache: 'no-store' })),
  };
}

/** What a response holds, for diagnoseModelFiles; `undefined` is a file never downloaded. */
async function readOf(response: Response | undefined): Promise<ModelFileRead> {
  if (!response) return { found: false, status: 'not downloaded', bytes: new Uint8Array() };
  return {
    found: response.ok,
    status: `${response.status} ${response.statusText}`.trim(),
    contentType: response.headers.get('content-type') ?? '',
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

/** The model caches, and what is downloaded from the hub into them (kept under each file's hub URL). */
function cacheStorageParts(storage: CacheStorage): Partial<EngineEnvironment> {
  const names = modelCacheNames(__BUNDLED_MODEL_VERSION__);
  return {
    modelCaches: names,
    isDownloaded: (modelId, hubUrl, dtype) => isModelDownloaded(storage, names.downloads, hubUrl, modelId, dtype),
    readDownloadedFile: (modelId, hubUrl) => async (file) =>
      readOf(await (await storage.open(names.downloads)).match(hubFileUrl(hubUrl, modelId, file))),
  };
}
