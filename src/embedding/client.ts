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
      const handle = this.start();
      if (!handle.loaded) {
        const reload = await this.loadNow(this.lastLoad ?? {});
        if (!reload.ok) return reload;
      }
      const call = handle.remote.embed(
        texts,
        options.batchSize,
        options.onProgress ? proxy(options.onProgress) : undefined,
      );
      return this.settle(handle, call, options.signal);
    });
  }

  countTokens(texts: string[]): Promise<Result<number[]>> {
    return this.enqueue(async () => {
      const handle = this.start();
      return this.settle(handle, handle.remote.countTokens(texts));
    });
  }

  /** Stops the worker now; the next call starts a fresh one. */
  terminate(): void {
    this.handle?.worker.terminate();
    this.handle = null;
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

  private settle<T>(handle: WorkerHandle, call: Promise<Result<T>>, signal?: AbortSignal): Promise<Result<T>> {
    const racers: Promise<Result<T>>[] = [call, handle.crashed];
    if (signal) {
      racers.push(
        new Promise((resolve) => {
          signal.addEventListener(
            'abort',
            () => {
              if (this.handle === handle) this.terminate();
              resolve(cancelled);
            },
            { once: true },
          );
        }),
      );
    }
    return Promise.race(racers);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
