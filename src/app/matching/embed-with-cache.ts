import { vectorCacheKey } from '../../core/jobs/hash';
import type { ModelKey } from '../../core/jobs/job';
import { EMBEDDING_DIM } from '../../core/vectors';
import type { EmbedCallOptions, EmbedOutcome } from '../../embedding/client';
import type { Embedder } from '../../embedding/engine';
import { EmbedRateMeter } from '../../embedding/rate-meter';
import { failureToError, type EmbedProgress, type EmbedderError, type Result } from '../../embedding/types';
import type { LocalStore } from '../../storage/local-store';

export type EmbedFunction = (texts: string[], options?: EmbedCallOptions) => Promise<Result<EmbedOutcome>>;

/** An engine used directly (in Node: the tests, the benchmark) in the call shape of the page's worker client. */
export function embedFunctionOf(embedder: Embedder): EmbedFunction {
  return async (batch, options) => {
    try {
      const vectors = await embedder.embed(batch, options?.signal ? { signal: options.signal } : {});
      options?.onProgress?.({ done: batch.length, total: batch.length, rate: 0, eta: 0 });
      return { ok: true, value: { vectors, info: embedder.info } };
    } catch (failure) {
      return { ok: false, error: failureToError(failure, 'inference-failed') };
    }
  };
}

export interface CacheRun {
  /** Row i belongs to texts[i]; rows of texts left unembedded (after a cancel or failure) are zero. */
  vectors: Float32Array;
  /** Which texts have a vector. */
  present: boolean[];
  embedded: number;
  reused: number;
  /** Set when the run stopped early (cancelled, a model or storage failure): what finished is kept. */
  error?: EmbedderError | { code: 'storage-failed'; message: string };
}

export interface CacheRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
  /** Called after each saved batch, so the page can show partial results. */
  onBatch?: (run: CacheRun) => void;
  /** Vectors a file already carried for text i (an imported jobs_vectors.json), checked by the caller. */
  carried?: (index: number) => Promise<Float32Array | null>;
  /** Texts per worker call: each call's vectors are saved before the next starts. */
  batchSize?: number;
}

/**
 * Returns a vector for every text, computing only those not already stored under this model key.
 * Vectors are saved after every batch in one transaction each, so a cancel or a crash loses at most
 * the batch in flight.
 */
export async function embedWithCache(
  texts: readonly string[],
  key: ModelKey,
  store: LocalStore,
  embed: EmbedFunction,
  options: CacheRunOptions = {},
): Promise<CacheRun> {
  const keys = await Promise.all(texts.map((text) => vectorCacheKey(key, text)));
  const stored = await store.getVectors(keys);
  const run: CacheRun = {
    vectors: new Float32Array(texts.length * EMBEDDING_DIM),
    present: texts.map(() => false),
    embedded: 0,
    reused: 0,
  };
  const carriedEntries: { key: string; vector: Float32Array }[] = [];
  const missing: number[] = [];
  for (let index = 0; index < texts.length; index++) {
    const cacheKey = keys[index] as string;
    const vector = stored.get(cacheKey) ?? (await options.carried?.(index)) ?? null;
    if (vector) {
      run.vectors.set(vector, index * EMBEDDING_DIM);
      run.present[index] = true;
      run.reused++;
      if (!stored.has(cacheKey)) carriedEntries.push({ key: cacheKey, vector });
    } else {
      missing.push(index);
    }
  }
  try {
    if (carriedEntries.length) await store.putVectors(carriedEntries);
  } catch (error) {
    run.error = { code: 'storage-failed', message: (error as Error).message };
    return run;
  }
  options.onBatch?.(run);

  const batchSize = options.batchSize ?? 32;
  const meter = new EmbedRateMeter(missing.length);
  for (let start = 0; start < missing.length; start += batchSize) {
    const indices = missing.slice(start, start + batchSize);
    // The worker reports progress within this call; the meter counts across calls.
    let reportedInCall = 0;
    const result = await embed(
      indices.map((index) => texts[index] as string),
      {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) => {
          const overall = meter.record(progress.done - reportedInCall);
          reportedInCall = progress.done;
          options.onProgress?.(overall);
        },
      },
    );
    if (!result.ok) {
      run.error = result.error;
      return run;
    }
    const entries = indices.map((index, position) => {
      const vector = result.value.vectors.slice(position * EMBEDDING_DIM, (position + 1) * EMBEDDING_DIM);
      run.vectors.set(vector, index * EMBEDDING_DIM);
      run.present[index] = true;
      return { key: keys[index] as string, vector };
    });
    run.embedded += indices.length;
    try {
      await store.putVectors(entries);
    } catch (error) {
      run.error = { code: 'storage-failed', message: (error as Error).message };
      return run;
    }
    options.onBatch?.(run);
  }
  return run;
}
