import {
  env,
  pipeline,
  type FeatureExtractionPipeline,
  type ProgressInfo,
  type Tensor,
} from '@huggingface/transformers';
import { meanPoolNormalized } from '../core/pooling';
import { prepareEmbeddableText } from '../core/embeddable-text';
import { BUNDLED_MODEL, modelSpec, type ModelSpec } from '../core/models';
import { packWindows, poolWindows, sentenceSpans, windowTokens, type TextWindows } from '../core/windows';
import { diagnoseModelFiles, onnxFileFor, requiredModelFiles, type ModelFileReader } from './model-files';
import type { ModelCacheNames } from './model-cache';
import { planBatches } from './batching';
import { EmbedRateMeter } from './rate-meter';
import {
  BUNDLED_MODEL_ID,
  DEFAULT_HUB_URL,
  DEVICE_NAMES,
  type ModelDtype,
  defaultBatchSize,
  EmbedderFailure,
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
  /** Node only: where models downloaded from the hub are kept, so the next run reads them from disk. */
  downloadsDir?: string;
  /**
   * Browser only: whether every file a hub model needs in `dtype` is in this browser's downloads cache, kept under
   * `hubUrl`. A load the person did not say yes to may only read these: it never downloads.
   */
  isDownloaded?: (modelId: string, hubUrl: string, dtype: ModelDtype) => Promise<boolean>;
  /** Reads a file of a model downloaded from `hubUrl` as it was kept (Cache Storage, or the downloads folder). */
  readDownloadedFile?: (modelId: string, hubUrl: string) => ModelFileReader;
  /**
   * Node only: deletes a downloaded file found broken, which would otherwise be read back on every run (the browser
   * worker drops all of a model's files after a failed load).
   */
  discardDownloadedFile?: (modelId: string, file: string) => Promise<void>;
}

export interface EmbedOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
}

export interface Embedder {
  readonly info: EngineInfo;
  /** Embeds every text; row i of the result (`info.dim` floats, unit length) belongs to texts[i]. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  /**
   * Embeds every text WHOLE: a text longer than the model's word pieces (256 for L6) is read in windows cut at
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

/**
 * The id transformers.js is asked for: the model's own, or a local folder's absolute path (not a valid hub id, so
 * transformers.js reads the files under it directly).
 */
function pipelineModelName(request: LoadRequest): string {
  return request.localFolder ?? request.modelId;
}

function configureRuntime(request: LoadRequest, environment: EngineEnvironment): void {
  env.localModelPath = environment.localModelPath;
  const isBundled = request.modelId === BUNDLED_MODEL_ID && !request.localFolder;
  const download = !isBundled && !request.localFolder && request.allowRemote === true;
  // A downloaded model is never looked for among the bundled files: a missing one there would be a 404 per file.
  env.allowLocalModels = !download;
  env.allowRemoteModels = download;
  env.remoteHost = request.hubUrl ?? DEFAULT_HUB_URL;
  if (environment.downloadsDir) {
    env.useFSCache = download;
    env.cacheDir = environment.downloadsDir;
  }
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
  return pipeline('feature-extraction', pipelineModelName(request), {
    device: request.device,
    dtype: request.dtype,
    ...(sessionOptions ? { session_options: sessionOptions } : {}),
    progress_callback: (info: ProgressInfo) => {
      const progress = toLoadProgress(info);
      if (progress && onProgress) onProgress(progress);
    },
  });
}

/** Words for a download that failed: offline, the hub unreachable, or a file the hub does not have. */
function downloadFailure(request: LoadRequest, spec: ModelSpec, detail: string): EmbedderFailure {
  const hub = request.hubUrl ?? DEFAULT_HUB_URL;
  const unreachable =
    /fetch failed|failed to fetch|networkerror|network error|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|offline/i.test(
      detail,
    );
  const why = unreachable
    ? `${hub} could not be reached (offline, or the address is wrong). Connect and try again; models downloaded before work offline`
    : `the download from ${hub} failed (${detail})`;
  return new EmbedderFailure({
    code: 'model-download-failed',
    where: { file: spec.id },
    message: `Could not download ${spec.name}: ${why}.`,
  });
}

/**
 * A downloaded file that is not what it should be (a sign-in or error page served as config.json, a cut-off ONNX
 * file), named, and discarded so that the next try downloads it again.
 */
async function brokenDownload(
  request: LoadRequest,
  environment: EngineEnvironment,
  spec: ModelSpec,
): Promise<EmbedderFailure | null> {
  const hub = request.hubUrl ?? DEFAULT_HUB_URL;
  const read = environment.readDownloadedFile?.(request.modelId, hub);
  if (!read) return null;
  for (const file of requiredModelFiles(request.dtype)) {
    const kept = await read(file);
    // A file not there was never downloaded: the failure was before it.
    if (!kept.found) continue;
    const problem = await diagnoseModelFiles([file], async () => kept);
    if (!problem) continue;
    await environment.discardDownloadedFile?.(request.modelId, file);
    return new EmbedderFailure({
      code: 'model-download-failed',
      where: { file: `${spec.id}/${file}` },
      message: `Could not download ${spec.name}: ${file} from ${hub} ${problem.reason}. It was not kept; check the hub address and try again.`,
    });
  }
  return null;
}

async function explainLoadFailure(
  request: LoadRequest,
  environment: EngineEnvironment,
  cause: unknown,
): Promise<EmbedderFailure> {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const spec = modelSpec(request.modelId);
  if (spec && !spec.bundled && !request.localFolder) {
    const broken = await brokenDownload(request, environment, spec).catch(() => null);
    if (broken) return broken;
  }
  if (spec && request.allowRemote && !request.localFolder && request.modelId !== BUNDLED_MODEL_ID) {
    const fromNetwork =
      /fetch|network|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|offline|could not locate file|status|404/i;
    if (fromNetwork.test(detail)) return downloadFailure(request, spec, detail);
  }
  const onnxFile = onnxFileFor(request.dtype);
  const problem =
    request.modelId === BUNDLED_MODEL_ID && !request.localFolder
      ? await diagnoseModelFiles(requiredModelFiles(request.dtype), environment.readModelFile(request.modelId)).catch(
          () => null,
        )
      : null;
  const file = problem?.file ?? onnxFile;
  const why = problem ? problem.reason : `could not be opened by ONNX Runtime (${detail})`;
  return new EmbedderFailure({
    code: 'model-load-failed',
    where: { file },
    message: `Could not load the model ${request.localFolder ?? request.modelId} (${request.dtype} on ${request.device}): ${file} ${why}.`,
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

/**
 * The device to fall back to when a GPU fails: WASM in the browser (int8 where the model has a parity-checked int8
 * file, else fp32), the CPU in Node. In the browser the fallback never downloads: the person said yes to the GPU's
 * files (their size was shown), not to another dtype's. The CLI's --model already is the consent to download.
 */
export function fallbackRequest(request: LoadRequest, environment: EngineEnvironment, spec: ModelSpec): LoadRequest {
  return environment.wasmRuntimes
    ? { ...request, device: 'wasm', dtype: spec.hasInt8 ? 'int8' : 'fp32', allowRemote: false }
    : { ...request, device: 'cpu', dtype: request.dtype === 'fp16' ? 'fp32' : request.dtype };
}

/**
 * Refuses, before transformers.js could fetch anything, a load of a hub model whose files for this dtype are not all
 * downloaded, unless the person said yes to downloading them. `gpuFailure` says why a GPU load is being replaced.
 */
async function refuseSilentDownload(
  request: LoadRequest,
  environment: EngineEnvironment,
  spec: ModelSpec,
  gpuFailure?: string,
): Promise<void> {
  const fromHub = !spec.bundled && !request.localFolder;
  if (!fromHub || request.allowRemote === true || !environment.isDownloaded) return;
  const hub = request.hubUrl ?? DEFAULT_HUB_URL;
  if (await environment.isDownloaded(request.modelId, hub, request.dtype).catch(() => false)) return;
  const device = DEVICE_NAMES[request.device];
  const missing = `${spec.name}'s ${request.dtype} files, which ${device} needs, are not downloaded in this browser, and nothing is downloaded without asking`;
  throw new EmbedderFailure({
    code: 'model-load-failed',
    where: { file: onnxFileFor(request.dtype) },
    message: gpuFailure
      ? `${gpuFailure}; ${missing}. Use ${BUNDLED_MODEL.name}, or open the page with ?device=wasm and choose ${spec.name} to download them.`
      : `${missing}. Use ${BUNDLED_MODEL.name}, then choose ${spec.name} again to download them.`,
  });
}

const isGpu = (request: LoadRequest) => request.device === 'webgpu' || request.device === 'cuda';

function knownModel(modelId: string): ModelSpec {
  const spec = modelSpec(modelId);
  if (spec) return spec;
  throw new EmbedderFailure({
    code: 'model-load-failed',
    message: `${modelId} is not one of the models CareerPilot Match runs.`,
  });
}

/**
 * Loads the model and returns an embedder: mean pooling over the attention mask, L2 normalisation and
 * truncation at the model's word-piece limit (core/models.ts), as sentence-transformers does. A GPU that fails
 * at load or at run time is replaced by WASM (browser) or the CPU (Node), and `info.fallbackReason` says so.
 */
export async function loadEmbedder(
  request: LoadRequest,
  environment: EngineEnvironment,
  onProgress?: LoadProgressListener,
): Promise<Embedder> {
  const spec = knownModel(request.modelId);
  const { dim, maxTokens } = spec;
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
  await refuseSilentDownload(active, environment, spec);
  try {
    extractor = await loadPipeline(active, environment, trackProgress);
  } catch (failure) {
    if (!isGpu(active)) throw failure;
    const gpuFailure = `${request.device} could not load the model (${(failure as Error).message})`;
    active = fallbackRequest(active, environment, spec);
    await refuseSilentDownload(active, environment, spec, gpuFailure);
    fallbackReason = `${gpuFailure}; using ${active.device} instead`;
    extractor = await loadPipeline(active, environment, trackProgress);
  }
  const loadedAt = performance.now();

  // Updated in place if a GPU fails while embedding, so callers always see what really runs.
  const loadedInfo: EngineInfo = {
    modelId: active.modelId,
    device: active.device,
    dtype: active.dtype,
    numThreads: active.numThreads ?? 1,
    dim,
    maxTokens,
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
    const inputs = tokenizer(batch, { padding: true, truncation: true, max_length: maxTokens });
    const ids = inputs.input_ids;
    const [rows, sequence] = ids.dims as [number, number];
    // transformers.js truncates by cutting the ids, which drops the closing [SEP]; sentence-transformers
    // keeps 255 word pieces and then [SEP]. Put it back, or every long text gets a different vector.
    tokenCounts.forEach((count, index) => {
      if (count > maxTokens)
        (ids.data as BigInt64Array)[index * sequence + maxTokens - 1] = BigInt(tokenizer.sep_token_id);
    });
    const output = (await model(inputs)) as { last_hidden_state: Tensor };
    const hidden = output.last_hidden_state;
    if (hidden.dims[2] !== dim) {
      throw new EmbedderFailure({
        code: 'model-load-failed',
        message: `The model files for ${spec.name} give vectors of ${String(hidden.dims[2])} numbers, not ${dim}: they belong to another model.`,
      });
    }
    const vectors = meanPoolNormalized(
      hidden.data as Float32Array,
      inputs.attention_mask.data as BigInt64Array,
      rows,
      sequence,
      dim,
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
      const gpuFailure = `${failed} failed while embedding (${(failure as Error).message})`;
      await extractor.dispose();
      active = fallbackRequest(active, environment, spec);
      await refuseSilentDownload(active, environment, spec, gpuFailure);
      extractor = await loadPipeline(active, environment);
      loadedInfo.device = active.device;
      loadedInfo.dtype = active.dtype;
      loadedInfo.fallbackReason = `${gpuFailure}; using ${active.device} instead`;
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
    const lengths = tokenCounts.map((count) => Math.min(count, maxTokens));
    const unpadded = loadedInfo.device === 'wasm' && loadedInfo.dtype === 'int8';
    const vectors = new Float32Array(prepared.length * dim);
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
        vectors.set(batchVectors.subarray(position * dim, (position + 1) * dim), target * dim);
      });
      options.onProgress?.(meter.record(indices.length));
    }
    return vectors;
  }

  /** The windows of one text: the whole text when it fits, else sentences packed up to the limit. */
  function windowSpans(text: string): { start: number; end: number }[] {
    if ((countTokens([text])[0] as number) <= maxTokens) return [{ start: 0, end: text.length }];
    const sentences = sentenceSpans(text);
    const counts = countTokens(sentences.map((span) => text.slice(span.start, span.end))).map((count) =>
      Math.max(0, count - 2),
    );
    return packWindows(text, sentences, counts, windowTokens(maxTokens));
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
    const vectors = new Float32Array(prepared.length * dim);
    let first = 0;
    counts.forEach((count, index) => {
      const own = windowVectors.subarray(first * dim, (first + count) * dim);
      vectors.set(count === 1 ? own : poolWindows(own, count, dim), index * dim);
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
