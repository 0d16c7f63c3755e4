import { expose, transfer } from 'comlink';
import { BUNDLED_MODEL, modelSpec } from '../core/models';
import type { TextWindows } from '../core/windows';
import { chooseDevice, type BrowserCapabilities, type DevicePreference } from './device-choice';
import { detectCapabilities } from './capabilities';
import { browserEnvironment } from './browser-environment';
import { loadEmbedder, type Embedder } from './engine';
import { dropOutdatedBundledCaches, forgetCachedModel } from './model-cache';
import {
  BUNDLED_MODEL_ID,
  failureToError,
  type EmbedProgress,
  type EngineInfo,
  type LoadProgress,
  type Result,
} from './types';

export interface WorkerLoadOptions {
  modelId?: string;
  device?: DevicePreference;
  /** The person chose to download this model from the hub (never needed for the bundled one). */
  allowRemote?: boolean;
  /** The hub, or a mirror with its layout; the default hub when unset. */
  hubUrl?: string;
}

export interface WorkerLoadResult {
  info: EngineInfo;
  capabilities: BrowserCapabilities;
  /** Why this device was chosen, in words for the status line. */
  reason: string;
}

let embedder: Embedder | null = null;
let loaded: { key: string; result: WorkerLoadResult } | null = null;

async function load(
  options: WorkerLoadOptions,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Result<WorkerLoadResult>> {
  // A second load of the same model (React StrictMode, a remounted hook) reuses the first.
  const key = JSON.stringify([
    options.modelId ?? BUNDLED_MODEL_ID,
    options.device ?? 'auto',
    options.allowRemote ?? false,
    options.hubUrl ?? '',
  ]);
  if (embedder && loaded?.key === key) return { ok: true, value: loaded.result };
  const modelId = options.modelId ?? BUNDLED_MODEL_ID;
  const environment = browserEnvironment(self.location.origin, import.meta.env.BASE_URL);
  const modelCaches = environment.modelCaches;
  try {
    await embedder?.dispose();
    embedder = null;
    loaded = null;
    const capabilities = await detectCapabilities();
    const choice = chooseDevice(capabilities, options.device ?? 'auto', modelSpec(modelId) ?? BUNDLED_MODEL);
    // Old copies of the bundled model only take up space; failing to drop them must not stop the load.
    if (modelCaches) void dropOutdatedBundledCaches(caches, modelCaches).catch(() => []);
    embedder = await loadEmbedder(
      {
        modelId,
        device: choice.device,
        dtype: choice.dtype,
        numThreads: choice.numThreads,
        allowRemote: options.allowRemote ?? false,
        ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
      },
      environment,
      onProgress,
    );
    onProgress?.({ status: 'ready' });
    loaded = { key, result: { info: embedder.info, capabilities, reason: choice.reason } };
    return { ok: true, value: loaded.result };
  } catch (failure) {
    // A broken file may now sit in Cache Storage; without this, Retry would read it back forever.
    if (modelCaches) {
      const cacheName = modelId === BUNDLED_MODEL_ID ? modelCaches.bundled : modelCaches.downloads;
      await forgetCachedModel(caches, cacheName, modelId).catch(() => 0);
    }
    return { ok: false, error: failureToError(failure, 'model-load-failed') };
  }
}

/**
 * Embeds texts; with `windows` each is read whole (windows of up to 256 word pieces, pooled) and the windows
 * come back too. All arrays cross as transferables.
 */
async function embed(
  texts: string[],
  batchSize?: number,
  onProgress?: (progress: EmbedProgress) => void,
  windows?: boolean,
): Promise<Result<{ vectors: Float32Array; info: EngineInfo; windows?: TextWindows }>> {
  if (!embedder) return { ok: false, error: { code: 'not-loaded', message: 'The model is not loaded yet.' } };
  try {
    const options = { ...(batchSize ? { batchSize } : {}), ...(onProgress ? { onProgress } : {}) };
    if (windows) {
      const whole = await embedder.embedWindows(texts, options);
      const { counts, spans, vectors } = whole.windows;
      return transfer({ ok: true, value: { vectors: whole.vectors, info: embedder.info, windows: whole.windows } }, [
        whole.vectors.buffer,
        counts.buffer,
        spans.buffer,
        vectors.buffer,
      ]);
    }
    const vectors = await embedder.embed(texts, options);
    return transfer({ ok: true, value: { vectors, info: embedder.info } }, [vectors.buffer]);
  } catch (failure) {
    return { ok: false, error: failureToError(failure, 'inference-failed') };
  }
}

async function countTokens(texts: string[]): Promise<Result<number[]>> {
  if (!embedder) return { ok: false, error: { code: 'not-loaded', message: 'The model is not loaded yet.' } };
  return { ok: true, value: embedder.countTokens(texts) };
}

/** A cheap sign of life: the client pings a worker that sat idle before it sends the next call. */
const ping = () => true;

const api = { load, embed, countTokens, ping };

export type EmbedderApi = typeof api;

expose(api);
