import {
  env,
  pipeline,
  type FeatureExtractionPipeline,
  type ProgressInfo,
  type Tensor,
} from '@huggingface/transformers';
import { meanPoolNormalized } from '../core/pooling';
import { prepareEmbeddableText } from '../core/embeddable-text';
import { EMBEDDING_DIM } from '../core/vectors';
import { packWindows, poolWindows, sentenceSpans, WINDOW_TOKENS, type TextWindows } from '../core/windows';
import { diagnoseModelFiles, onnxFileFor, requiredModelFiles, type ModelFileReader } from './model-files';
import type { ModelCacheNames } from './model-cache';
import { planBatches } from './batching';
import { EmbedRateMeter } from './rate-meter';
import {
  BUNDLED_MODEL_ID,
  defaultBatchSize,
  EmbedderFailure,
  MAX_TOKENS,
  type EmbedProgress,
  type EngineInfo,
  type LoadProgress,
  type LoadRequest,
} from './types';

/** What differs between the browser worker and Node: where files are and how to read them. */
export interface EngineEnvironment {
  /** Folder (Node) or URL path (browser) that holds bundled models, one sub-folder per model id. */
  localModelPath: string;
  /** Reads a bundled model file, to say which file broke a failed load. */
  readModelFile: (modelId: string) => ModelFileReader;
  /** Browser only: ONNX Runtime's wasm runtimes, served from our own origin. */
  wasmRuntimes?: WasmRuntimes;
  /** Browser only: Cache Storage names for model files (Node reads them from disk each time). */
  modelCaches?: ModelCacheNames;
}

export interface EmbedOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
}

export interface Embedder {
  readonly info: EngineInfo;
  /** Embeds every text; row i of the result (384 floats, unit length) belongs to texts[i]. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  /**
   * Embeds every text WHOLE: a text longer than 256 word pieces is read in windows of at most 256 cut at
   * sentence boundaries, each embedded, and row i of `vectors` is the normalised mean of text i's windows (a
   * text that fits is one window: the same vector as `embed`). `windows` says which part each window covers.
   */
  embedWindows(
    texts: readonly string[],
    options?: EmbedOptions,
  ): Promise<{ vectors: Float32Array; windows: TextWindows }>;
  /** Token count of each text (with [CLS]/[SEP]) before truncation. */
  countTokens(texts: readonly string[]): number[];
  dispose(): Promise<void>;
}

/** Where ONNX Runtime's wasm glue and binary live, for each kind of build. */
export interface WasmRuntimes {
  /** The plain SIMD + threads build: WASM only, half the size, faster on the CPU. */
  cpu: { mjs: string; wasm: string };
  /** The asyncify build, which WebGPU needs (and which runs WASM too, if a GPU load falls back). */
  webgpu: { mjs: string; wasm: string };
}

type LoadProgressListener = (progress: LoadProgress) => void;

function configureRuntime(request: LoadRequest, environment: EngineEnvironment): void {
  env.localModelPath = environment.localModelPath;
  env.allowLocalModels = true;
  const isBundled = request.modelId === BUNDLED_MODEL_ID;
  env.allowRemoteModels = !isBundled && request.allowRemote === true;
  // A returning visit reads the model from Cache Storage: one read, no revalidation. Without a cache,
  // transformers.js fetches every file twice (once for the progress totals), 23 MB each time for int8.
  env.useBrowserCache = environment.modelCaches !== undefined;
  if (environment.modelCaches)
    env.cacheKey = isBundled ? environment.modelCaches.bundled : environment.modelCaches.downloads;
  // Our wasm files are same-origin and versioned with the app: let ONNX Runtime load them directly
  // rather than have transformers.js keep a copy in Cache Storage that could outlive an upgrade.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm && environment.wasmRuntimes) {
    // ONNX Runtime reads these once, when it first starts in this worker; a worker loads for one device.
    // The plain build embedded 30% more jobs/s than the asyncify one and loads a 14 MB wasm, not 27 MB
    // (see README, "Benchmark").
    const runtime = request.device === 'webgpu' ? environment.wasmRuntimes.webgpu : environment.wasmRuntimes.cpu;
    wasm.wasmPaths = { ...runtime };
    wasm.numThreads = request.numThreads ?? 1;
  }
}

function toLoadProgress(info: ProgressInfo): LoadProgress | null {
  switch (info.status) {
    case 'initiate':
    case 'download':
    case 'done':
      return { status: info.status, file: info.file };
    case 'progress':
      return { status: 'progress', file: info.file, progress: info.progress, loaded: info.loaded, total: info.total };
    case 'ready':
      return { status: 'ready' };
    default:
      return null;
  }
}

async function createPipeline(
  request: LoadRequest,
  onProgress?: LoadProgressListener,
): Promise<FeatureExtractionPipeline> {
  if (request.device === 'webgpu' && request.dtype === 'int8') {
    // int8 kernels on WebGPU are known to give wrong vectors.
    throw new Error('int8 models are not run on WebGPU');
  }
  const sessionOptions =
    request.device === 'cpu' && request.numThreads ? { intraOpNumThreads: request.numThreads } : undefined;
  return pipeline('feature-extraction', request.modelId, {
    device: request.device,
    dtype: request.dtype,
    ...(sessionOptions ? { session_options: sessionOptions } : {}),
    progress_callback: (info: ProgressInfo) => {
      const progress = toLoadProgress(info);
      if (progress && onProgress) onProgress(progress);
    },
  });
}

async function explainLoadFailure(
  request: LoadRequest,
  environment: EngineEnvironment,
  cause: unknown,
): Promise<EmbedderFailure> {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const onnxFile = onnxFileFor(request.dtype);
  const problem =
    request.modelId === BUNDLED_MODEL_ID
      ? await diagnoseModelFiles(requiredModelFiles(request.dtype), environment.readModelFile(request.modelId)).catch(
          () => null,
        )
      : null;
  const file = problem?.file ?? onnxFile;
  const why = problem ? problem.reason : `could not be opened by ONNX Runtime (${detail})`;
  return new EmbedderFailure({
    code: 'model-load-failed',
    where: { file },
    message: `Could not load the model ${request.modelId} (${request.dtype} on ${request.device}): ${file} ${why}.`,
  });
}

async function loadPipeline(
  request: LoadRequest,
  environment: EngineEnvironment,
  onProgress?: LoadProgressListener,
): Promise<FeatureExtractionPipeline> {
  configureRuntime(request, environment);
  try {
    return await createPipeline(request, onProgress);
  } catch (cause) {
    throw await explainLoadFailure(request, environment, cause);
  }
}

/** The device to fall back to when a GPU fails: WASM int8 in the browser, the CPU in Node. */
function fallbackRequest(request: LoadRequest, environment: EngineEnvironment): LoadRequest {
  return environment.wasmRuntimes
    ? { ...request, device: 'wasm', dtype: 'int8' }
    : { ...request, device: 'cpu', dtype: request.dtype === 'fp16' ? 'fp32' : request.dtype };
}

const isGpu = (request: LoadRequest) => request.device === 'webgpu' || request.device === 'cuda';

/**
 * Loads the model and returns an embedder: mean pooling over the attention mask, L2 normalisation and
 * truncation at 256 word pieces, as sentence-transformers does for all-MiniLM-L6-v2. A GPU that fails
 * at load or at run time is replaced by WASM (browser) or the CPU (Node), and `info.fallbackReason` says so.
 */
export async function loadEmbedder(
  request: LoadRequest,
  environment: EngineEnvironment,
  onProgress?: LoadProgressListener,
): Promise<Embedder> {
  const started = performance.now();
  // When the last model file was in memory: what follows is ONNX Runtime starting and building the session.
  let filesReadAt = started;
  const trackProgress: LoadProgressListener = (progress) => {
    if (progress.status === 'done') filesReadAt = performance.now();
    onProgress?.(progress);
  };
  let active = request;
  let fallbackReason: string | undefined;
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await loadPipeline(active, environment, trackProgress);
  } catch (failure) {
    if (!isGpu(active)) throw failure;
    active = fallbackRequest(active, environment);
    fallbackReason = `${request.device} could not load the model (${(failure as Error).message}); using ${active.device} instead`;
    extractor = await loadPipeline(active, environment, trackProgress);
  }
  const loadedAt = performance.now();

  // Updated in place if a GPU fails while embedding, so callers always see what really runs.
  const loadedInfo: EngineInfo = {
    modelId: active.modelId,
    device: active.device,
    dtype: active.dtype,
    numThreads: active.numThreads ?? 1,
    dim: EMBEDDING_DIM,
    maxTokens: MAX_TOKENS,
    loadMs: Math.round(loadedAt - started),
    loadBreakdown: {
      filesMs: Math.round(filesReadAt - started),
      runtimeMs: Math.round(loadedAt - filesReadAt),
    },
    ...(fallbackReason ? { fallbackReason } : {}),
  };

  const countTokens = (texts: readonly string[]) => texts.map((text) => extractor.tokenizer.encode(text).length);

  async function runBatch(batch: string[], tokenCounts: number[]): Promise<Float32Array> {
    const { tokenizer, model } = extractor;
    const inputs = tokenizer(batch, { padding: true, truncation: true, max_length: MAX_TOKENS });
    const ids = inputs.input_ids;
    const [rows, sequence] = ids.dims as [number, number];
    // transformers.js truncates by cutting the ids, which drops the closing [SEP]; sentence-transformers
    // keeps 255 word pieces and then [SEP]. Put it back, or every long text gets a different vector.
    tokenCounts.forEach((count, index) => {
      if (count > MAX_TOKENS)
        (ids.data as BigInt64Array)[index * sequence + MAX_TOKENS - 1] = BigInt(tokenizer.sep_token_id);
    });
    const output = (await model(inputs)) as { last_hidden_state: Tensor };
    const hidden = output.last_hidden_state;
    const vectors = meanPoolNormalized(
      hidden.data as Float32Array,
      inputs.attention_mask.data as BigInt64Array,
      rows,
      sequence,
      EMBEDDING_DIM,
    );
    hidden.dispose();
    if (vectors.some((value) => !Number.isFinite(value))) {
      throw new Error(`the model returned values that are not finite for ${batch.length} texts`);
    }
    return vectors;
  }

  async function runBatchWithFallback(batch: string[], tokenCounts: number[]): Promise<Float32Array> {
    try {
      return await runBatch(batch, tokenCounts);
    } catch (failure) {
      if (!isGpu(active)) {
        throw new EmbedderFailure({
          code: 'inference-failed',
          message: `Embedding failed: ${(failure as Error).message}`,
        });
      }
      const failed = active.device;
      await extractor.dispose();
      active = fallbackRequest(active, environment);
      extractor = await loadPipeline(active, environment);
      loadedInfo.device = active.device;
      loadedInfo.dtype = active.dtype;
      loadedInfo.fallbackReason = `${failed} failed while embedding (${(failure as Error).message}); using ${active.device} instead`;
      return runBatch(batch, tokenCounts);
    }
  }

  async function embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    const prepared = texts.map((text, index) => {
      const result = prepareEmbeddableText(text, `Text #${index + 1}`);
      if (!result.ok) throw new EmbedderFailure({ code: 'invalid-text', message: result.message, where: { index } });
      return result.text;
    });
    const batchSize = options.batchSize ?? defaultBatchSize(loadedInfo.device);
    const tokenCounts = countTokens(prepared);
    const lengths = tokenCounts.map((count) => Math.min(count, MAX_TOKENS));
    const unpadded = loadedInfo.device === 'wasm' && loadedInfo.dtype === 'int8';
    const vectors = new Float32Array(prepared.length * EMBEDDING_DIM);
    const meter = new EmbedRateMeter(prepared.length);
    for (const indices of planBatches(lengths, batchSize, unpadded)) {
      if (options.signal?.aborted) {
        throw new EmbedderFailure({ code: 'cancelled', message: 'Embedding was cancelled.' });
      }
      const batchVectors = await runBatchWithFallback(
        indices.map((index) => prepared[index] as string),
        indices.map((index) => tokenCounts[index] as number),
      );
      indices.forEach((target, position) => {
        vectors.set(
          batchVectors.subarray(position * EMBEDDING_DIM, (position + 1) * EMBEDDING_DIM),
          target * EMBEDDING_DIM,
        );
      });
      options.onProgress?.(meter.record(indices.length));
    }
    return vectors;
  }

  /** The windows of one text: the whole text when it fits, else sentences packed up to the limit. */
  function windowSpans(text: string): { start: number; end: number }[] {
    if ((countTokens([text])[0] as number) <= MAX_TOKENS) return [{ start: 0, end: text.length }];
    const sentences = sentenceSpans(text);
    const counts = countTokens(sentences.map((span) => text.slice(span.start, span.end))).map((count) =>
      Math.max(0, count - 2),
    );
    return packWindows(text, sentences, counts, WINDOW_TOKENS);
  }

  async function embedWindows(
    texts: readonly string[],
    options: EmbedOptions = {},
  ): Promise<{ vectors: Float32Array; windows: TextWindows }> {
    const prepared = texts.map((text, index) => {
      const result = prepareEmbeddableText(text, `Text #${index + 1}`);
      if (!result.ok) throw new EmbedderFailure({ code: 'invalid-text', message: result.message, where: { index } });
      return result.text;
    });
    const perText = prepared.map(windowSpans);
    const counts = Uint32Array.from(perText, (spans) => spans.length);
    const spans = Uint32Array.from(perText.flatMap((list) => list.flatMap((span) => [span.start, span.end])));
    const windowTexts = perText.flatMap((list, index) =>
      list.map((span) => (prepared[index] as string).slice(span.start, span.end)),
    );
    // Progress is counted in texts, as callers show it: each window is its text's share of one.
    const meter = new EmbedRateMeter(prepared.length);
    const shares = perText.flatMap((list) => list.map(() => 1 / list.length));
    let windowsDone = 0;
    let textsDone = 0;
    const windowVectors = await embed(windowTexts, {
      ...options,
      onProgress: (progress) => {
        let done = 0;
        for (; windowsDone < progress.done; windowsDone++) done += shares[windowsDone] as number;
        const whole = Math.min(prepared.length, Math.round(textsDone + done)) - Math.round(textsDone);
        textsDone += done;
        // Every batch is reported, even one that finished no whole text: it is the worker's sign of life.
        options.onProgress?.(meter.record(whole));
      },
    });
    const vectors = new Float32Array(prepared.length * EMBEDDING_DIM);
    let first = 0;
    counts.forEach((count, index) => {
      const own = windowVectors.subarray(first * EMBEDDING_DIM, (first + count) * EMBEDDING_DIM);
      vectors.set(count === 1 ? own : poolWindows(own, count), index * EMBEDDING_DIM);
      first += count;
    });
    return { vectors, windows: { counts, spans, vectors: windowVectors } };
  }

  return {
    get info() {
      return { ...loadedInfo };
    },
    embed,
    embedWindows,
    countTokens,
    dispose: () => extractor.dispose(),
  };
}
