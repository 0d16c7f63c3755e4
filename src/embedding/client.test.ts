import { afterEach, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { EmbedderClient, type EmbedOutcome } from './client';
import type { Clock } from './watchdog';
import type { WorkerLoadOptions, WorkerLoadResult } from './worker';
import type { Device, EmbedProgress, LoadProgress, Result } from './types';

/** A clock the test moves by hand: timers fire in order, each at its own time, only inside `advance`. */
class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { due: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { due: this.time + ms, callback });
    return id;
  }

  clearTimeout(timer: unknown): void {
    this.timers.delete(timer as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.due <= end)
        .sort(([a, x], [b, y]) => x.due - y.due || a - b)[0];
      if (!due) break;
      const [id, timer] = due;
      this.timers.delete(id);
      this.time = timer.due;
      timer.callback();
    }
    this.time = end;
  }
}

interface Gate {
  open: () => void;
  opened: Promise<void>;
}

function gate(): Gate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Lets messages cross the MessageChannel: event-loop turns, no time. */
async function turns(count = 30): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await turns(1);
  expect(check()).toBe(true);
}

/** Tracks whether a promise has settled, to say "still waiting" without waiting for anything. */
function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

const DIM = 384;
type Progress = (done: number, total: number) => Promise<unknown>;
type EmbedImpl = (texts: string[], progress: Progress) => Promise<Result<EmbedOutcome>>;

/**
 * A Worker for Node: one port of a MessageChannel plays the Worker the client talks to, the other runs
 * comlink's `expose` on a fake api the test controls. `die()` closes the worker's side like
 * `self.close()`: no reply, no progress, no 'error' event.
 */
class FakeWorker {
  readonly loads: WorkerLoadOptions[] = [];
  readonly embedCalls: string[][] = [];
  readonly embedStarted = gate();
  terminated = false;
  device: Device = 'wasm';
  embedImpl: EmbedImpl = async (texts, progress) => {
    for (let done = 1; done <= texts.length; done++) await progress(done, texts.length);
    return this.vectors(texts);
  };
  loadImpl: (progress: (event: LoadProgress) => Promise<unknown>) => Promise<void> = async () => undefined;
  countImpl: (texts: string[]) => Promise<Result<number[]>> = async (texts) => ({
    ok: true,
    value: texts.map((text) => text.split(' ').length),
  });

  private readonly page: MessagePort;
  private readonly inside: MessagePort;
  private readonly events = new EventTarget();

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.page = port1;
    this.inside = port2;
    const api = {
      load: async (
        options: WorkerLoadOptions,
        onProgress: (event: LoadProgress) => Promise<unknown>,
      ): Promise<Result<WorkerLoadResult>> => {
        this.loads.push(options);
        await this.loadImpl(onProgress);
        return { ok: true, value: this.loadResult() };
      },
      embed: (texts: string[], _batchSize: number | undefined, onProgress: (progress: EmbedProgress) => unknown) => {
        this.embedCalls.push(texts);
        this.embedStarted.open();
        return this.embedImpl(texts, async (done, total) => onProgress({ done, total, rate: 1, eta: total - done }));
      },
      countTokens: (texts: string[]) => this.countImpl(texts),
      ping: () => true,
    };
    expose(api, port2 as unknown as Parameters<typeof expose>[1]);
    // Node's ports deliver to addEventListener only once started (a real Worker needs no start).
    port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.page.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: EventListener): void {
    if (type === 'message') this.page.addEventListener(type, listener);
    else this.events.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListener): void {
    if (type === 'message') this.page.removeEventListener(type, listener);
    else this.events.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.close();
  }

  /** An uncaught error in the worker, as the browser reports it on the Worker object. */
  crash(message: string): void {
    this.events.dispatchEvent(Object.assign(new Event('error'), { message }));
  }

  /** Like `self.close()` in the worker: from now on nothing answers, and no event says so. */
  die(): void {
    this.inside.close();
  }

  close(): void {
    this.page.close();
    this.inside.close();
  }

  vectors(texts: string[]): Result<EmbedOutcome> {
    return { ok: true, value: { vectors: new Float32Array(texts.length * DIM), info: this.loadResult().info } };
  }

  private loadResult(): WorkerLoadResult {
    const info = {
      modelId: 'Xenova/all-MiniLM-L6-v2',
      device: this.device,
      dtype: 'int8' as const,
      numThreads: 1,
      dim: DIM,
      maxTokens: 256,
      loadMs: 1,
      loadBreakdown: { filesMs: 1, runtimeMs: 0 },
    };
    const capabilities = { webgpu: null, crossOriginIsolated: false, hardwareConcurrency: 2 };
    return { info, capabilities, reason: 'test' };
  }
}

let workers: FakeWorker[] = [];

afterEach(() => {
  for (const worker of workers) worker.close();
  workers = [];
});

function setup(options: { device?: Device; onCreate?: (worker: FakeWorker) => void } = {}) {
  const clock = new ManualClock();
  const created: FakeWorker[] = [];
  const createWorker = () => {
    const worker = new FakeWorker();
    if (options.device) worker.device = options.device;
    options.onCreate?.(worker);
    created.push(worker);
    workers.push(worker);
    return worker as unknown as Worker;
  };
  const client = new EmbedderClient(createWorker, { clock });
  const worker = (index: number): FakeWorker => {
    const found = created[index];
    if (!found) throw new Error(`no worker ${index} (created ${created.length})`);
    return found;
  };
  return { clock, client, created, worker };
}

const loadOptions: WorkerLoadOptions = { device: 'wasm', modelId: 'Xenova/all-MiniLM-L6-v2' };
const texts = ['first job', 'second job', 'third job'];
const hang = () => new Promise<never>(() => undefined);

// A hang fails fast instead of after the project's 120 s test timeout; nothing here waits on real time.
describe('EmbedderClient', { timeout: 10_000 }, () => {
  it('embeds on a loaded worker, one call at a time', async () => {
    const { client, created, worker } = setup();
    expect((await client.load(loadOptions)).ok).toBe(true);
    const first = gate();
    let running = 0;
    let most = 0;
    worker(0).embedImpl = async (batch) => {
      most = Math.max(most, ++running);
      if (batch[0] === 'a') await first.opened;
      running--;
      return worker(0).vectors(batch);
    };
    const a = track(client.embed(['a']));
    const b = track(client.embed(['b']));
    await eventually(() => worker(0).embedCalls.length === 1);
    await turns();
    expect(b.settled()).toBe(false);
    first.open();
    const [resultA, resultB] = await Promise.all([a.promise, b.promise]);
    expect(resultA.ok && resultA.value.vectors.length).toBe(DIM);
    expect(resultB.ok && resultB.value.vectors.length).toBe(DIM);
    expect(most).toBe(1);
    expect(created).toHaveLength(1);
  });

  it('a crash mid-embed gives worker-crashed, and the next embed runs on a fresh worker with the same load options', async () => {
    const { client, created, worker } = setup();
    await client.load(loadOptions);
    worker(0).embedImpl = async (batch, progress) => {
      await progress(1, batch.length);
      return hang();
    };
    const pending = client.embed(texts);
    await worker(0).embedStarted.opened;
    worker(0).crash('out of memory');

    const result = await pending;
    expect(result).toEqual({
      ok: false,
      error: { code: 'worker-crashed', message: 'The embedding worker stopped: out of memory' },
    });
    expect(worker(0).terminated).toBe(true);

    const next = await client.embed(texts);
    expect(next.ok).toBe(true);
    expect(created).toHaveLength(2);
    expect(worker(1).loads).toEqual([loadOptions]);
    expect(worker(1).embedCalls).toEqual([texts]);
  });

  it('a worker that stops answering mid-embed gives worker-unresponsive after the limit, and the next call works on a fresh worker', async () => {
    const { client, clock, created, worker } = setup();
    await client.load(loadOptions);
    const progressed = gate();
    worker(0).embedImpl = async (batch, progress) => {
      await progress(1, batch.length);
      worker(0).die();
      return hang();
    };
    const pending = track(client.embed(texts, { onProgress: () => progressed.open() }));
    await progressed.opened;

    clock.advance(59_999);
    await turns();
    expect(pending.settled()).toBe(false);
    expect(worker(0).terminated).toBe(false);

    clock.advance(1);
    const result = await pending.promise;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('worker-unresponsive');
    expect(result.error.message).toMatch(/stopped answering \(no progress for 60 s\)\. It was restarted/);
    expect(worker(0).terminated).toBe(true);

    const next = await client.embed(texts);
    expect(next.ok).toBe(true);
    expect(created).toHaveLength(2);
    expect(worker(1).loads).toEqual([loadOptions]);
  });

  it('a worker that died silently between runs is pinged, replaced and reloaded before the next embed', async () => {
    const { client, clock, created, worker } = setup();
    await client.load(loadOptions);
    expect((await client.embed(texts)).ok).toBe(true);
    worker(0).die();

    const pending = track(client.embed(texts));
    await eventually(() => clock.pending === 1); // the ping's deadline
    clock.advance(4_999);
    await turns();
    expect(created).toHaveLength(1);
    clock.advance(1);

    const result = await pending.promise;
    expect(result.ok).toBe(true);
    expect(worker(0).terminated).toBe(true);
    expect(created).toHaveLength(2);
    expect(worker(1).loads).toEqual([loadOptions]);
    expect(worker(1).embedCalls).toEqual([texts]);
  });

  it('countTokens and load never hang on a worker that died between runs', async () => {
    const { client, clock, created, worker } = setup();
    await client.load(loadOptions);
    worker(0).die();
    const counted = client.countTokens(['one two', 'three']);
    await eventually(() => clock.pending === 1);
    clock.advance(5_000);
    expect(await counted).toEqual({ ok: true, value: [2, 1] });
    expect(created).toHaveLength(2);

    worker(1).die();
    const loaded = client.load({ device: 'wasm' });
    await eventually(() => clock.pending === 1);
    clock.advance(5_000);
    expect((await loaded).ok).toBe(true);
    expect(created).toHaveLength(3);
    expect(worker(2).loads).toEqual([{ device: 'wasm' }]);
  });

  it('countTokens on a worker that stops answering mid-call gives worker-unresponsive', async () => {
    const { client, clock, worker } = setup();
    await client.load(loadOptions);
    const asked = gate();
    worker(0).countImpl = () => {
      asked.open();
      worker(0).die();
      return hang();
    };
    const counted = client.countTokens(texts);
    await asked.opened;
    clock.advance(60_000);
    const result = await counted;
    expect(!result.ok && result.error.code).toBe('worker-unresponsive');
    expect(worker(0).terminated).toBe(true);
  });

  it('load waits while loading events arrive, and gives worker-unresponsive after 3 minutes of silence', async () => {
    const steps = [gate(), gate(), gate()];
    const seen = [gate(), gate(), gate()];
    let loadCalls = 0;
    const { client, clock, created, worker } = setup({
      onCreate: (fake) => {
        fake.loadImpl = async (progress) => {
          for (const step of steps) {
            await step.opened;
            await progress({ status: 'progress', file: 'model.onnx', progress: 50, loaded: 1, total: 2 });
          }
          fake.die();
          return hang();
        };
      },
    });
    const pending = track(
      client.load(loadOptions, (event) => {
        if (event.status === 'progress') seen[loadCalls++]?.open();
      }),
    );
    await eventually(() => created[0]?.loads.length === 1);
    for (const [index, step] of steps.entries()) {
      clock.advance(170_000);
      step.open();
      await seen[index]?.opened;
    }
    expect(pending.settled()).toBe(false);
    clock.advance(179_999);
    await turns();
    expect(pending.settled()).toBe(false);
    clock.advance(1);
    const result = await pending.promise;
    expect(!result.ok && result.error.code).toBe('worker-unresponsive');
    expect(!result.ok && result.error.message).toMatch(/while loading the model for 180 s/);
    expect(worker(0).terminated).toBe(true);
  });

  it('cancel via AbortSignal terminates the worker, and the next call reloads the model on a fresh one', async () => {
    const { client, created, worker } = setup();
    await client.load(loadOptions);
    worker(0).embedImpl = () => hang();
    const controller = new AbortController();
    const pending = client.embed(texts, { signal: controller.signal });
    await worker(0).embedStarted.opened;
    controller.abort();

    const result = await pending;
    expect(!result.ok && result.error.code).toBe('cancelled');
    expect(worker(0).terminated).toBe(true);

    expect((await client.embed(texts)).ok).toBe(true);
    expect(created).toHaveLength(2);
    expect(worker(1).loads).toEqual([loadOptions]);
  });

  it('an abort after a call has settled does not stop a later call', async () => {
    const { client, created, worker } = setup();
    await client.load(loadOptions);
    const controller = new AbortController();
    expect((await client.embed(texts, { signal: controller.signal })).ok).toBe(true);

    const release = gate();
    worker(0).embedImpl = async (batch) => {
      await release.opened;
      return worker(0).vectors(batch);
    };
    const later = client.embed(texts);
    await eventually(() => worker(0).embedCalls.length === 2);
    controller.abort();
    release.open();
    expect((await later).ok).toBe(true);
    expect(worker(0).terminated).toBe(false);
    expect(created).toHaveLength(1);
  });

  it('an abort while a dead worker is being replaced cancels the call before it runs', async () => {
    const { client, clock, created, worker } = setup();
    await client.load(loadOptions);
    worker(0).die();
    const controller = new AbortController();
    const pending = client.embed(texts, { signal: controller.signal });
    await eventually(() => clock.pending === 1); // the ping's deadline
    controller.abort();
    clock.advance(5_000);
    const result = await pending;
    expect(!result.ok && result.error.code).toBe('cancelled');
    expect(created.flatMap((fake) => fake.embedCalls)).toHaveLength(0);
  });

  it('terminate() while a call waits settles it as cancelled', async () => {
    const { client, worker } = setup();
    await client.load(loadOptions);
    worker(0).embedImpl = () => hang();
    const pending = client.embed(texts);
    await worker(0).embedStarted.opened;
    client.terminate();
    const result = await pending;
    expect(!result.ok && result.error.code).toBe('cancelled');
  });

  it('a slow worker that keeps sending progress is not declared dead, however long the whole call takes', async () => {
    const { client, clock, created, worker } = setup();
    await client.load(loadOptions);
    const batches = 10;
    const steps = Array.from({ length: batches }, gate);
    const seen = Array.from({ length: batches }, gate);
    worker(0).embedImpl = async (batch, progress) => {
      for (const [index, step] of steps.entries()) {
        await step.opened;
        await progress(index + 1, batches);
      }
      return worker(0).vectors(batch);
    };
    const pending = track(client.embed(texts, { onProgress: (progress) => seen[progress.done - 1]?.open() }));
    await worker(0).embedStarted.opened;
    for (const [index, step] of steps.entries()) {
      clock.advance(50_000); // each batch takes 50 s: the call takes 500 s against a 60 s limit
      step.open();
      await seen[index]?.opened;
    }
    const result = await pending.promise;
    expect(result.ok).toBe(true);
    expect(clock.now()).toBe(500_000);
    expect(worker(0).terminated).toBe(false);
    expect(created).toHaveLength(1);
  });

  it('the silence limit grows to 10x the longest gap between progress events seen from this worker', async () => {
    const { client, clock, worker } = setup();
    await client.load(loadOptions);
    const step = gate();
    worker(0).embedImpl = async (batch, progress) => {
      await step.opened;
      await progress(1, 1);
      return worker(0).vectors(batch);
    };
    const first = client.embed(texts);
    await worker(0).embedStarted.opened;
    clock.advance(45_000);
    step.open();
    expect((await first).ok).toBe(true);

    worker(0).embedImpl = () => hang();
    const pending = track(client.embed(texts));
    await eventually(() => worker(0).embedCalls.length === 2);
    clock.advance(449_999);
    await turns();
    expect(pending.settled()).toBe(false);
    clock.advance(1);
    const result = await pending.promise;
    expect(!result.ok && result.error.message).toMatch(/no progress for 450 s/);
  });

  it('a model on WebGPU gets 10 minutes before it counts as silent', async () => {
    const { client, clock, worker } = setup({ device: 'webgpu' });
    await client.load({ device: 'webgpu' });
    worker(0).embedImpl = () => hang();
    const pending = track(client.embed(texts));
    await worker(0).embedStarted.opened;
    clock.advance(599_999);
    await turns();
    expect(pending.settled()).toBe(false);
    clock.advance(1);
    const result = await pending.promise;
    expect(!result.ok && result.error.code).toBe('worker-unresponsive');
    expect(worker(0).terminated).toBe(true);
  });
});
