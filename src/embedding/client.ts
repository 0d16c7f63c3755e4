import { proxy, wrap, type Remote } from 'comlink';
import type { TextWindows } from '../core/windows';
import type { EmbedderApi, WorkerLoadOptions, WorkerLoadResult } from './worker';
import type { Device, EmbedProgress, EmbedderError, EngineInfo, LoadProgress, Result } from './types';
import { systemClock, watchSilence, type Clock } from './watchdog';

export interface EmbedCallOptions {
  batchSize?: number;
  /** Aborting terminates the worker: the only way to stop WASM mid-batch and get its memory back. */
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
  /** Read each text whole, in windows of up to 256 word pieces (job postings); the windows come back too. */
  windows?: boolean;
}

export interface EmbedOutcome {
  vectors: Float32Array;
  info: EngineInfo;
  /** With `windows`: which part of each text each window covers, and its vector. */
  windows?: TextWindows;
}

/**
 * How long the client waits for a worker that says nothing before it declares it dead (a worker that
 * called `self.close()`, or was killed, fires no 'error' event: without these limits a call would wait
 * forever). Silence means no progress event and no reply; every sign of life starts it again.
 */
export interface WorkerLimits {
  /**
   * CPU/WASM, during `embed` and `countTokens`: 60 s. The worker reports progress after every batch, and a
   * WASM batch (8 texts) takes about 0.6 s in the benchmark (12.8 jobs/s), so even a machine a hundred
   * times slower stays far inside it. The limit also grows to 10x the longest gap between progress events
   * seen in this worker's life, so a slow machine that has shown it is slow is never cut off.
   */
  silenceMs: number;
  /**
   * A model loaded on WebGPU: 10 minutes. Software WebGPU (SwiftShader in CI) takes ~11 s per text
   * (0.09 jobs/s), so a first batch of 32 texts can take ~6 minutes before its first progress event,
   * and the first batch also compiles the shaders.
   */
  webgpuSilenceMs: number;
  /**
   * The `ping` before a call on a worker that sat idle: 5 s. An idle worker answers in well under a
   * millisecond; a false alarm costs only a restart and a model reload (about a second), not a failure.
   */
  pingMs: number;
  /**
   * `load`, counted from the last loading event: 3 minutes. A warm load takes under a second and a cold
   * one about 2 s, while a download from the hub sends a progress event per chunk, so only a worker
   * that is gone (or a download that has stalled for minutes) reaches it.
   */
  loadMs: number;
}

export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  silenceMs: 60_000,
  webgpuSilenceMs: 600_000,
  pingMs: 5_000,
  loadMs: 180_000,
};

/** The silence limit grows to this many times the longest gap between progress events seen so far. */
const GAP_FACTOR = 10;

export interface EmbedderClientOptions extends Partial<WorkerLimits> {
  /** Timers and time; tests pass a clock they move by hand. */
  clock?: Clock;
}

const createModuleWorker = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'careerpilot-embedder' });

const cancelled: Result<never> = { ok: false, error: { code: 'cancelled', message: 'Embedding was cancelled.' } };

interface WorkerHandle {
  worker: Worker;
  remote: Remote<EmbedderApi>;
  /**
   * Settles when the worker is gone: an uncaught error or a message that cannot be read (worker-crashed),
   * or `terminate()` (cancelled), so that no call waits on a worker that no longer exists.
   */
  ended: Promise<Result<never>>;
  end: (result: Result<never>) => void;
  loaded: boolean;
  /** The device the model was loaded on: WebGPU gets a longer silence limit. */
  device: Device | null;
  /** The longest silence between progress events (or the start and the reply) in this worker's life. */
  longestGapMs: number;
}

/** How one call on the worker is watched for silence, and what to tell the user when it goes silent. */
interface Watch {
  limitMs: () => number;
  /** Words for a person: what stopped, given how long it was silent. */
  silent: (silentMs: number) => string;
  /** Each gap between signs of life, as it is observed. */
  onGap?: (gapMs: number) => void;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The page's only door to the embedding worker: starts it lazily, runs one call at a time, turns a
 * crash or a worker that stops answering into an error value instead of a promise that never settles,
 * and restarts (and reloads the model) after a cancel, a crash or a silence.
 */
export class EmbedderClient {
  private handle: WorkerHandle | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastLoad: WorkerLoadOptions | null = null;
  private readonly limits: WorkerLimits;
  private readonly clock: Clock;

  constructor(
    private readonly createWorker: () => Worker = createModuleWorker,
    options: EmbedderClientOptions = {},
  ) {
    const { clock, ...limits } = options;
    this.clock = clock ?? systemClock;
    this.limits = { ...DEFAULT_WORKER_LIMITS, ...limits };
  }

  load(
    options: WorkerLoadOptions = {},
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<Result<WorkerLoadResult>> {
    return this.enqueue(async () => {
      await this.replaceIfSilent();
      return this.loadNow(options, onProgress);
    });
  }

  embed(texts: string[], options: EmbedCallOptions = {}): Promise<Result<EmbedOutcome>> {
    return this.enqueue(async () => {
      if (options.signal?.aborted) return cancelled;
      const ready = await this.ready(options.signal);
      if (!ready.ok) return ready;
      const handle = ready.value;
      const { onProgress } = options;
      return this.settle(
        handle,
        (alive) =>
          handle.remote.embed(
            texts,
            options.batchSize,
            proxy((progress: EmbedProgress) => {
              alive();
              onProgress?.(progress);
            }),
            options.windows,
          ),
        {
          limitMs: () => this.silenceLimit(handle),
          silent: (ms) => `no progress for ${seconds(ms)}`,
          onGap: (gap) => (handle.longestGapMs = Math.max(handle.longestGapMs, gap)),
        },
        options.signal,
      );
    });
  }

  countTokens(texts: string[]): Promise<Result<number[]>> {
    return this.enqueue(async () => {
      const ready = await this.ready();
      if (!ready.ok) return ready;
      const handle = ready.value;
      return this.settle(handle, () => handle.remote.countTokens(texts), {
        limitMs: () => this.silenceLimit(handle),
        silent: (ms) => `no answer to counting word pieces for ${seconds(ms)}`,
      });
    });
  }

  /** Stops the worker now; a call still waiting on it gets `cancelled`, and the next call starts a fresh one. */
  terminate(): void {
    const handle = this.handle;
    if (!handle) return;
    this.handle = null;
    handle.worker.terminate();
    handle.end(cancelled);
  }

  private silenceLimit(handle: WorkerHandle): number {
    const base = handle.device === 'webgpu' ? this.limits.webgpuSilenceMs : this.limits.silenceMs;
    return Math.max(base, GAP_FACTOR * handle.longestGapMs);
  }

  /**
   * A worker that sat idle since its last call may have died without a word in between (`self.close()`,
   * killed): ping it, and terminate it when it does not answer, so the next call starts a fresh one.
   * Every call after the first runs on an idle worker; the ping costs one message each way.
   */
  private async replaceIfSilent(): Promise<void> {
    const idle = this.handle;
    if (!idle?.loaded) return;
    const answer = await this.settle(idle, () => idle.remote.ping().then(() => ({ ok: true, value: true }) as const), {
      limitMs: () => this.limits.pingMs,
      silent: (ms) => `no answer to a ping for ${seconds(ms)}`,
    });
    if (!answer.ok && this.handle === idle) this.terminate();
  }

  /**
   * A live worker with the model loaded, for the next call. After a cancel, a crash or a silence the
   * worker is new: load the model it had before.
   */
  private async ready(signal?: AbortSignal): Promise<Result<WorkerHandle>> {
    await this.replaceIfSilent();
    const handle = this.start();
    if (handle.loaded) return { ok: true, value: handle };
    const reload = await this.loadNow(this.lastLoad ?? {}, undefined, signal);
    return reload.ok ? { ok: true, value: handle } : reload;
  }

  private async loadNow(
    options: WorkerLoadOptions,
    onProgress?: (progress: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<Result<WorkerLoadResult>> {
    const handle = this.start();
    const result = await this.settle(
      handle,
      (alive) =>
        handle.remote.load(
          options,
          proxy((progress: LoadProgress) => {
            alive();
            onProgress?.(progress);
          }),
        ),
      {
        limitMs: () => this.limits.loadMs,
        silent: (ms) => `nothing heard while loading the model for ${seconds(ms)}`,
      },
      signal,
    );
    if (result.ok) {
      handle.loaded = true;
      handle.device = result.value.info.device;
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
    let end: (result: Result<never>) => void = () => undefined;
    const ended = new Promise<Result<never>>((resolve) => (end = resolve));
    const fail = (detail: string) => {
      const error: EmbedderError = { code: 'worker-crashed', message: `The embedding worker stopped: ${detail}` };
      end({ ok: false, error });
      if (this.handle?.worker === worker) this.terminate();
    };
    worker.addEventListener('error', (event) => fail(event.message || 'it could not start or hit an error'));
    worker.addEventListener('messageerror', () => fail('it sent a message that could not be read'));
    this.handle = {
      worker,
      remote: wrap<EmbedderApi>(worker),
      ended,
      end,
      loaded: false,
      device: null,
      longestGapMs: 0,
    };
    return this.handle;
  }

  /**
   * Runs one call on the worker and settles with the first of: its reply, the worker's end (crash or
   * terminate), a silence longer than the watch's limit (the worker is terminated: the next call gets a
   * fresh one), or the signal's abort (likewise).
   */
  private async settle<T>(
    handle: WorkerHandle,
    call: (alive: () => void) => Promise<Result<T>>,
    watch: Watch,
    signal?: AbortSignal,
  ): Promise<Result<T>> {
    // An abort event never fires for a signal that is already aborted (it may have been aborted while a
    // ping or a reload ran before this call).
    if (signal?.aborted) return cancelled;
    let reportSilence: (result: Result<never>) => void = () => undefined;
    const silence = new Promise<Result<never>>((resolve) => (reportSilence = resolve));
    const watchdog = watchSilence(this.clock, watch.limitMs, (silentMs) => {
      const message =
        `The embedding worker stopped answering (${watch.silent(silentMs)}). ` +
        'It was restarted; try again, and the model will be loaded again first.';
      // Reported before the terminate, whose `cancelled` would otherwise win the race.
      reportSilence({ ok: false, error: { code: 'worker-unresponsive', message } });
      if (this.handle === handle) this.terminate();
    });
    const alive = () => {
      const gap = watchdog.beat();
      watch.onGap?.(gap);
    };
    const reply = call(alive).then((result) => {
      alive();
      return result;
    });
    const racers: Promise<Result<T>>[] = [reply, handle.ended, silence];
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
      watchdog.stop();
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
