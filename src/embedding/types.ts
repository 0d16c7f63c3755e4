import { BUNDLED_MODEL } from '../core/models';
import { toUserError, UserErrorThrown, type Result, type UserError, type UserErrorCode } from '../core/user-error';

/** Where the model runs: WebGPU or WASM in the browser, the native CPU or CUDA runtime in Node. */
export type Device = 'webgpu' | 'wasm' | 'cpu' | 'cuda';

/** Each device as people write it: "WebGPU", "WASM". */
export const DEVICE_NAMES: Readonly<Record<Device, string>> = {
  webgpu: 'WebGPU',
  wasm: 'WASM',
  cpu: 'CPU',
  cuda: 'CUDA',
};

/**
 * transformers.js dtype names, one ONNX file each: int8 is `model_int8.onnx`, the W8A8 model (int8
 * weights and int8 arithmetic, activations quantised per token at run time; scripts/convert_model.py);
 * fp16 and fp32 as named.
 */
export type ModelDtype = 'int8' | 'fp16' | 'fp32';

/** The model bundled with the app; the others in core/models.ts are opt-in downloads from the Hugging Face hub. */
export const BUNDLED_MODEL_ID = BUNDLED_MODEL.id;

/** sentence-transformers reads at most this many word pieces for all-MiniLM-L6-v2 (each model's: core/models.ts). */
export const MAX_TOKENS = BUNDLED_MODEL.maxTokens;

/** The hub transformers.js downloads from unless told otherwise (HF_ENDPOINT in Node, a setting in the page). */
export const DEFAULT_HUB_URL = 'https://huggingface.co/';

/**
 * Texts per model call when the caller does not say. From the benchmark's batch sweep (README,
 * "Benchmark"): on a CPU small batches win, with no padding and activations that stay in cache
 * (Node: 78 jobs/s at 4 against 66 at 32 on 1,000 jobs; WASM: 12.8 at 8 against 12.1 at 32).
 * GPUs need large batches to be busy.
 */
export function defaultBatchSize(device: Device): number {
  if (device === 'cpu') return 4;
  if (device === 'wasm') return 8;
  return 32;
}

export interface LoadRequest {
  modelId: string;
  device: Device;
  dtype: ModelDtype;
  /** WASM threads; ignored by other devices. */
  numThreads?: number;
  /** Only an explicit opt-in lets a model come from the hub; the bundled one never does. */
  allowRemote?: boolean;
  /** The hub (or a mirror of its layout) to download from; DEFAULT_HUB_URL when unset. */
  hubUrl?: string;
  /**
   * Node only: a folder holding the model in transformers.js layout (config, tokenizer, onnx/), read instead of
   * the bundled models or the hub. `modelId` still names which model it is, for keys and checks.
   */
  localFolder?: string;
}

export interface EngineInfo {
  modelId: string;
  device: Device;
  dtype: ModelDtype;
  numThreads: number;
  dim: number;
  maxTokens: number;
  loadMs: number;
  /**
   * Where loadMs went: reading the config, tokenizer and model files (from disk, the server or Cache
   * Storage), then starting ONNX Runtime (its wasm in the browser) and building the inference session.
   */
  loadBreakdown: { filesMs: number; runtimeMs: number };
  /** Set when the requested device failed and the engine fell back to WASM/CPU, saying why. */
  fallbackReason?: string;
}

/** transformers.js's own loading events, reduced to what the UI shows. */
export type LoadProgress =
  | { status: 'initiate' | 'download' | 'done'; file: string }
  | { status: 'progress'; file: string; progress: number; loaded: number; total: number }
  | { status: 'ready' };

export interface EmbedProgress {
  done: number;
  total: number;
  /** Texts per second so far. */
  rate: number;
  /** Seconds left at the current rate. */
  eta: number;
}

/** Errors cross the worker boundary as plain values: the app's one error shape (core/user-error). */
export type EmbedderError = UserError;
export type EmbedderErrorCode = UserErrorCode;
export type { Result };

/** The engine's failures, thrown inside the engine and returned as values at the worker boundary. */
export class EmbedderFailure extends UserErrorThrown {
  constructor(error: EmbedderError) {
    super(error);
    this.name = 'EmbedderFailure';
  }
}

/** Any caught failure as the one error shape; one of ours keeps its code. */
export const failureToError = (failure: unknown, fallbackCode: EmbedderErrorCode): EmbedderError =>
  toUserError(failure, fallbackCode);
