import type { EngineEnvironment } from './engine';
import { modelCacheNames } from './model-cache';
import { hubFileUrl, isModelDownloaded } from './model-downloads';
import type { ModelFileRead } from './model-files';
import type { ModelDtype } from './types';

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
    ...(typeof caches === 'undefined'
      ? {}
      : {
          modelCaches: modelCacheNames(__BUNDLED_MODEL_VERSION__),
          isDownloaded: (modelId: string, hubUrl: string, dtype: ModelDtype) =>
            isModelDownloaded(caches, modelCacheNames(__BUNDLED_MODEL_VERSION__).downloads, hubUrl, modelId, dtype),
          readDownloadedFile:
            (modelId: string, hubUrl: string) =>
            async (file: string): Promise<ModelFileRead> => {
              const cache = await caches.open(modelCacheNames(__BUNDLED_MODEL_VERSION__).downloads);
              const kept = await cache.match(hubFileUrl(hubUrl, modelId, file));
              return kept
                ? {
                    found: true,
                    contentType: kept.headers.get('content-type') ?? '',
                    bytes: new Uint8Array(await kept.arrayBuffer()),
                  }
                : { found: false, status: 'not downloaded', bytes: new Uint8Array() };
            },
        }),
    readModelFile:
      (modelId) =>
      async (file): Promise<ModelFileRead> => {
        const response = await fetch(`${root}models/${modelId}/${file}`, { cache: 'no-store' });
        return {
          found: response.ok,
          status: `${response.status} ${response.statusText}`.trim(),
          contentType: response.headers.get('content-type') ?? '',
          bytes: new Uint8Array(await response.arrayBuffer()),
        };
      },
  };
}
