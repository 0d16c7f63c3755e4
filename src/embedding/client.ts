import { proxy, wrap, type Remote } from 'comlink';
import type { EmbedderApi, WorkerLoadOptions, WorkerLoadResult } from './worker';
import type { EmbedProgress, EmbedderError, EngineInfo, LoadProgress, Result } from './types';

export interface EmbedCallOptions {
  batchSize?: number;
  /** Aborting terminates the worker: the only way to stop WASM mid-batch and get its memory back. */
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
}

export interface EmbedOutcome {
  vectors: Float32Array;
  info: EngineInfo;
}

const createModuleWorker = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'careerpilot-embedder' });

const cancelled: Result<never> = { ok: false, error: { code: 'cancelled', message: 'Embedding was cancelled.' } };

interface WorkerHandle {
  worker: Worker;
  remote: Remote<EmbedderApi>;
  /** Settles when the worker dies: an uncaught error or a message that cannot be read. */
  crashed: Promise<Result<never>>;
  loaded: boolean;
}

/**
 * The page's only door to the embedding worker: starts it lazily, runs one call at a time, turns a
 * crash into an error value instead of a promise that never settles, and restarts (and reloads the
 * model) after a cancel or a crash.
 */
export class EmbedderClient {
  private handle: WorkerHandle | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastLoad: WorkerLoadOptions | null = null;

  constructor(private readonly createWorker: () => Worker = createModuleWorker) {}

  load(
    options: WorkerLoadOptions = {},
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<Result<WorkerLoadResult>> {
    return this.enqueue(() => this.loadNow(options, onProgress));
  }

  embed(texts: string[], options: EmbedCallOptions = {}): Promise<Result<EmbedOutcome>> {
    return this.enqueue(async () => {
      if (options.signal?.aborted) return cancelled;
      const handle = await this.ensureLoaded();
      if (!handle.ok) return handle;
      const call = handle.value.remote.embed(
        texts,
        options.batchSize,
        options.onProgress ? proxy(options.onProgress) : undefined,
      );
      return this.settle(handle.value, call, options.signal);
    });
  }

  countTokens(texts: string[]): Promise<Result<number[]>> {
    return this.enqueue(async () => {
      const handle = await this.ensureLoaded();
      if (!handle.ok) return handle;
      return this.settle(handle.value, handle.value.remote.countTokens(texts));
    });
  }

  /** Stops the worker now; the next call starts a fresh one. */
  terminate(): void {
    this.handle?.worker.terminate();
    this.handle = null;
  }

  /** After a cancel or a crash the worker is new: load the model it had before. */
  private async ensureLoaded(): Promise<Result<WorkerHandle>> {
    const handle = this.start();
    if (handle.loaded) return { ok: true, value: handle };
    const reload = await this.loadNow(this.lastLoad ?? {});
    return reload.ok && this.handle
      ? { ok: true, value: this.handle }
      : reload.ok
        ? { ok: true, value: this.start() }
        : reload;
  }

  private async loadNow(
    options: WorkerLoadOptions,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<Result<WorkerLoadResult>> {
    const handle = this.start();
    const result = await this.settle(handle, handle.remote.load(options, onProgress ? proxy(onProgress) : undefined));
    if (result.ok) {
      handle.loaded = true;
      this.lastLoad = options;
    } else if (this.handle === handle) {
      // A failed load can leave half-built sessions and memoised broken files in the worker: a retry
      // gets a fresh one.
      this.terminate();
    }
    return result;
  }

  private start(): WorkerHandle {
    if (this.handle) return this.handle;
    const worker = this.createWorker();
    const crashed = new Promise<Result<never>>((resolve) => {
      const fail = (detail: string) => {
        const error: EmbedderError = { code: 'worker-crashed', message: `The embedding worker stopped: ${detail}` };
        if (this.handle?.worker === worker) this.terminate();
        resolve({ ok: false, error });
      };
      worker.addEventListener('error', (event) => fail(event.message || 'it could not start or hit an error'));
      worker.addEventListener('messageerror', () => fail('it sent a message that could not be read'));
    });
    this.handle = { worker, remote: wrap<EmbedderApi>(worker), crashed, loaded: false };
    return this.handle;
  }

  private async settle<T>(handle: WorkerHandle, call: Promise<Result<T>>, signal?: AbortSignal): Promise<Result<T>> {
    const racers: Promise<Result<T>>[] = [call, handle.crashed];
    let onAbort: (() => void) | null = null;
    if (signal) {
      racers.push(
        new Promise((resolve) => {
          onAbort = () => {
            if (this.handle === handle) this.terminate();
            resolve(cancelled);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    try {
      return await Promise.race(racers);
    } finally {
      // An abort after this call has settled must not terminate the worker under a later call.
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
