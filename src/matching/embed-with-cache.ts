import { vectorCacheKey } from '../core/jobs/hash';
import type { ModelKey } from '../core/jobs/job';
import { toUserError, type Result, type UserError } from '../core/user-error';
import { usableWindows, vectorProblem } from '../core/vector-check';
import { windowOffsets, windowsOf, type WindowsOfText } from '../core/windows';
import { dimOf } from '../core/models';
import type { EmbedCallOptions, EmbedOutcome } from '../embedding/client';
import type { Embedder } from '../embedding/engine';
import { EmbedRateMeter } from '../embedding/rate-meter';
import { failureToError, type EmbedProgress } from '../embedding/types';
import type { LocalStore, VectorEntry } from '../storage/local-store';

export type EmbedFunction = (texts: string[], options?: EmbedCallOptions) => Promise<Result<EmbedOutcome>>;

/** An engine used directly (in Node: the tests, the benchmark) in the call shape of the page's worker client. */
export function embedFunctionOf(embedder: Embedder): EmbedFunction {
  return async (batch, options) => {
    try {
      const signal = options?.signal ? { signal: options.signal } : {};
      const outcome = options?.windows
        ? await embedder.embedWindows(batch, signal)
        : { vectors: await embedder.embed(batch, signal) };
      options?.onProgress?.({ done: batch.length, total: batch.length, rate: 0, eta: 0 });
      return { ok: true, value: { ...outcome, info: embedder.info } };
    } catch (failure) {
      return { ok: false, error: failureToError(failure, 'inference-failed') };
    }
  };
}

export interface CacheRun {
  /** The cache key of each text: the vectors this run keeps in use. */
  keys: string[];
  /** Row i belongs to texts[i]; rows of texts left unembedded (after a cancel or failure) are zero. */
  vectors: Float32Array;
  /** Which texts have a vector. */
  present: Uint8Array;
  /**
   * With `windows`: text i's windows (which part of it each covers, and its vector), checked; undefined where
   * unknown (a vector carried by an imported file, or stored windows that failed their check).
   */
  windows: (WindowsOfText | undefined)[];
  embedded: number;
  reused: number;
  /** Stored or carried vectors that failed their check (size, finite, unit length): dropped and embedded again. */
  discarded: number;
  /** Texts whose vectors are in `vectors` but could not be saved (a full disk): they are embedded again next visit. */
  unsaved: number;
  /** The first save that failed; the run goes on without saving, so nothing computed is thrown away. */
  saveError?: UserError;
  /** Set when the run stopped early (cancelled, a model failure): what finished is kept. */
  error?: UserError;
}

export interface CacheRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
  /** Called after each batch with the positions that just got their vector, so a caller scores only those. */
  onBatch?: (run: CacheRun, filled: readonly number[]) => void;
  /** Called after each write to the store succeeds (the store's count changed). */
  onSaved?: () => void;
  /** Vectors a file already carried for text i (an imported jobs_vectors.json); checked here before use. */
  carried?: (index: number) => Promise<Float32Array | null>;
  /** Read each text whole, in windows of up to 256 word pieces (job postings), and keep the windows. */
  windows?: boolean;
  /** Texts per worker call: each call's vectors are saved before the next starts. */
  batchSize?: number;
  /** Skip these positions: they already have a vector (a resumed run). */
  skip?: (index: number) => boolean;
  /**
   * Called between slices of the cache look-up, so 50,000 checked and copied vectors never hold the page in
   * one long task; each slice's reused vectors reach `onBatch` as they are found.
   */
  pause?: () => Promise<void>;
  /**
   * Asked before each model call: true stops the run there (error 'cancelled') without interrupting the call in
   * flight. An aborted `signal` instead stops the worker mid-call, which costs a model reload.
   */
  shouldStop?: () => boolean;
}

/**
 * Texts whose keys are hashed, looked up, checked, touched and handed on per slice: at 2,048 a slice took
 * 100-165 ms in the page (bench ui-scale), 512 still made a 92 ms task at 50,000 jobs: 256.
 */
const LOOKUP_SLICE = 256;

/** Texts per worker call in the page: small enough that a cancel or a crash loses little, large enough to batch. */
export const CALL_SIZE = 32;

/**
 * Returns a vector for every text, computing only those not already stored under this model key. Every
 * reused vector (from the store or a file) is checked first; a bad stored one is deleted and made again.
 * Vectors are saved after every batch in one transaction each, so a cancel or a crash loses at most the
 * batch in flight; when saving fails (a full disk) the run keeps going and reports what was not saved.
 */
export async function embedWithCache(
  texts: readonly string[],
  key: ModelKey,
  store: LocalStore,
  embed: EmbedFunction,
  options: CacheRunOptions = {},
): Promise<CacheRun> {
  const keys: string[] = new Array<string>(texts.length);
  const dim = dimOf(key.modelId);
  const run: CacheRun = {
    keys,
    vectors: new Float32Array(texts.length * dim),
    present: new Uint8Array(texts.length),
    windows: [],
    embedded: 0,
    reused: 0,
    discarded: 0,
    unsaved: 0,
  };
  const save = async (entries: VectorEntry[]) => {
    if (entries.length === 0) return;
    if (run.saveError) {
      run.unsaved += entries.length;
      return;
    }
    try {
      await store.putVectors(entries);
      options.onSaved?.();
    } catch (caught) {
      run.saveError = toUserError(caught, 'storage-failed');
      run.unsaved += entries.length;
    }
  };

  const missing: number[] = [];
  for (let start = 0; start < texts.length; start += LOOKUP_SLICE) {
    if (start > 0) await options.pause?.();
    const end = Math.min(texts.length, start + LOOKUP_SLICE);
    const sliceKeys = await Promise.all(texts.slice(start, end).map((text) => vectorCacheKey(key, text)));
    sliceKeys.forEach((cacheKey, offset) => (keys[start + offset] = cacheKey));
    const wanted = sliceKeys.filter((_, offset) => !options.skip?.(start + offset));
    const stored = await store.getVectors(wanted);
    const storedWindows = options.windows
      ? await store.getWindows(wanted.filter((cacheKey) => stored.has(cacheKey)))
      : null;
    const toStore: VectorEntry[] = [];
    const badStored: string[] = [];
    const reusedKeys: string[] = [];
    const filled: number[] = [];
    for (let index = start; index < end; index++) {
      if (options.skip?.(index)) continue;
      const cacheKey = keys[index] as string;
      let vector = stored.get(cacheKey) ?? null;
      if (vector && vectorProblem(vector, dim) !== null) {
        badStored.push(cacheKey);
        run.discarded++;
        vector = null;
      }
      let fromFile = false;
      if (!vector && options.carried) {
        const carried = await options.carried(index);
        if (carried && vectorProblem(carried, dim) === null) {
          vector = carried;
          fromFile = true;
        } else if (carried) {
          run.discarded++;
        }
      }
      if (vector) {
        const windows = fromFile ? undefined : storedWindows?.get(cacheKey);
        if (windows && usableWindows(windows, (texts[index] as string).length, dim)) run.windows[index] = windows;
        run.vectors.set(vector, index * dim);
        run.present[index] = 1;
        run.reused++;
        filled.push(index);
        if (fromFile) toStore.push({ key: cacheKey, vector });
        else reusedKeys.push(cacheKey);
      } else {
        missing.push(index);
      }
    }
    // Housekeeping on the cache must never stop a run: a failure here only means the entry stays as it was.
    if (badStored.length) await store.deleteVectors(badStored).catch(() => undefined);
    if (reusedKeys.length) await store.touchVectors(reusedKeys).catch(() => undefined);
    await save(toStore);
    if (filled.length) options.onBatch?.(run, filled);
  }

  const batchSize = options.batchSize ?? CALL_SIZE;
  const meter = new EmbedRateMeter(missing.length);
  for (let start = 0; start < missing.length; start += batchSize) {
    if (options.shouldStop?.()) {
      run.error = { code: 'cancelled', message: 'Stopped: the text changed.' };
      return run;
    }
    const indices = missing.slice(start, start + batchSize);
    // The worker reports progress within this call; the meter counts across calls.
    let reportedInCall = 0;
    const result = await embed(
      indices.map((index) => texts[index] as string),
      {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.windows ? { windows: true } : {}),
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
    // The worker may have switched models since this run began: its vectors would not be this key's.
    // (A GPU that fails mid-run changes only the dtype, and its vectors keep parity within 0.99.)
    const { info } = result.value;
    if (info.modelId !== key.modelId || info.maxTokens !== key.maxTokens) {
      run.error = { code: 'cancelled', message: 'Stopped: the model changed while embedding.' };
      return run;
    }
    const made = result.value.windows;
    const offsets = made ? windowOffsets(made.counts) : null;
    const entries = indices.map((index, position): VectorEntry => {
      const vector = result.value.vectors.slice(position * dim, (position + 1) * dim);
      run.vectors.set(vector, index * dim);
      run.present[index] = 1;
      const windows = made && offsets ? windowsOf(made, offsets, position, dim) : undefined;
      run.windows[index] = windows;
      return { key: keys[index] as string, vector, ...(windows ? { windows } : {}) };
    });
    run.embedded += indices.length;
    // The vectors are good before they are saved: the caller ranks with them while the write runs.
    options.onBatch?.(run, indices);
    await save(entries);
  }
  return run;
}
