/**
 * The Node side of `npm run bench`, run as its own process (`node --import tsx bench/node-runner.ts`) so that
 * the RSS it samples is its own:
 *
 *   node --import tsx bench/node-runner.ts embed --sizes 100,1000 --out result.json [--texts-dir dir] [--dtype int8]
 *   node --import tsx bench/node-runner.ts cache --jobs 1000 --out result.json
 *
 * With --texts-dir it reads the texts and window texts bench/run.ts wrote for every runtime (texts-N.tmp,
 * windows-N.tmp); without it, it makes them itself (bench/jobs.ts, bench/lengths.ts).
 */
import 'fake-indexeddb/auto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { embedFunctionOf, embedWithCache } from '../src/matching/embed-with-cache';
import type { ModelKey } from '../src/core/jobs/job';
import { loadEmbedder, type Embedder } from '../src/embedding/engine';
import { nodeEnvironment } from '../src/embedding/node-environment';
import { BUNDLED_MODEL_ID, type LoadRequest, type ModelDtype } from '../src/embedding/types';
import { openLocalStore } from '../src/storage/indexeddb-store';
import { cliDtype } from './dtype';
import { benchTexts, warmUpTexts } from './jobs';
import { loadTokenizer, windowTexts, type WindowTexts } from './lengths';

export interface NodeEmbedResult {
  /** What the engine reports it loaded (EngineInfo.dtype), not what was asked for. */
  dtype: string;
  load_ms_cold: number;
  load_ms_warm: number;
  sizes: { jobs: number; seconds: number; jobs_per_s: number; peak_rss_mb: number; whole?: WholePostings }[];
  sweep: BatchSweepResult[];
}

/** The same texts read whole, as the app reads postings: windows of up to 256 word pieces, pooled per job. */
export interface WholePostings {
  jobs_per_s: number;
  windows: number;
  windows_per_s: number;
}

/** Batch sizes to time, each on the same `jobs` texts. */
export interface BatchSweep {
  batches: number[];
  jobs: number;
}

export interface BatchSweepResult {
  batch: number;
  jobs: number;
  jobs_per_s: number;
}

export interface NodeCacheResult {
  dtype: string;
  jobs: number;
  cold_ms: number;
  rerun_one_changed_ms: number;
  embedded_on_rerun: number;
  reused_on_rerun: number;
}

// The app's cache writes and progress go in chunks of 32 texts; inside a chunk the engine picks its batch size.
const APP_CHUNK = 32;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Samples this process's RSS every 200 ms; `peak()` is the highest since the last `reset()`. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 200);
  return {
    reset: () => (peak = process.memoryUsage.rss()),
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

async function timedLoad(request: LoadRequest): Promise<{ embedder: Embedder; ms: number }> {
  const started = performance.now();
  const embedder = await loadEmbedder(request, nodeEnvironment());
  return { embedder, ms: Math.round(performance.now() - started) };
}

/** Where each size's texts come from: the files bench/run.ts wrote, or made here. */
interface TextSource {
  texts(jobs: number): string[];
  /** The app's windows of those texts, or null when they are not to be read whole. */
  windows(jobs: number): Promise<WindowTexts | null>;
}

function textSource(dir: string | undefined, wholeMaxJobs: number): TextSource {
  if (dir) {
    return {
      texts: (jobs) => JSON.parse(readFileSync(join(dir, `texts-${jobs}.tmp`), 'utf8')) as string[],
      windows: (jobs) => {
        const file = join(dir, `windows-${jobs}.tmp`);
        return Promise.resolve(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WindowTexts) : null);
      },
    };
  }
  return {
    texts: benchTexts,
    windows: async (jobs) => (jobs <= wholeMaxJobs ? windowTexts(await loadTokenizer(), benchTexts(jobs)) : null),
  };
}

/**
 * Fails unless the engine read the texts in exactly the windows the peer is given: the ratio of windows/s is
 * only like for like if both embed the same window texts.
 */
function checkWindows(texts: readonly string[], counts: Uint32Array, spans: Uint32Array, expected: WindowTexts): void {
  let window = 0;
  texts.forEach((text, index) => {
    if (counts[index] !== expected.counts[index]) {
      throw new Error(
        `text ${index}: the engine made ${counts[index]} windows, the exported file has ${expected.counts[index]}`,
      );
    }
    for (let own = 0; own < (counts[index] as number); own++, window++) {
      const piece = text.slice(spans[2 * window] as number, spans[2 * window + 1] as number);
      if (piece !== expected.texts[window])
        throw new Error(`text ${index}, window ${own}: differs from the exported window`);
    }
  });
}

async function runEmbed(
  sizes: number[],
  sweep: BatchSweep | null,
  source: TextSource,
  dtype: ModelDtype,
): Promise<NodeEmbedResult> {
  const request: LoadRequest = { modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype };
  const sampler = rssSampler();
  const cold = await timedLoad(request);
  await cold.embedder.dispose();
  const warm = await timedLoad(request);
  const embedder = warm.embedder;
  await embedder.embed(warmUpTexts());
  const results: NodeEmbedResult['sizes'] = [];
  for (const size of sizes) {
    const texts = source.texts(size);
    const expectedWindows = await source.windows(size);
    sampler.reset();
    const started = performance.now();
    // No batch size: the engine's default for the CPU, as the CLI uses.
    const vectors = await embedder.embed(texts);
    const seconds = (performance.now() - started) / 1000;
    if (vectors.length !== size * 384) throw new Error(`expected ${size} vectors, got ${vectors.length / 384}`);
    let whole: WholePostings | undefined;
    if (expectedWindows) {
      const wholeStarted = performance.now();
      const read = await embedder.embedWindows(texts);
      const wholeSeconds = (performance.now() - wholeStarted) / 1000;
      checkWindows(texts, read.windows.counts, read.windows.spans, expectedWindows);
      const windows = expectedWindows.texts.length;
      whole = { jobs_per_s: size / wholeSeconds, windows, windows_per_s: windows / wholeSeconds };
      console.error(`[node] ${size} jobs whole: ${whole.jobs_per_s.toFixed(1)} jobs/s, ${windows} windows`);
    }
    results.push({
      jobs: size,
      seconds,
      jobs_per_s: size / seconds,
      peak_rss_mb: mb(sampler.peak()),
      ...(whole ? { whole } : {}),
    });
    console.error(`[node] ${size} jobs: ${(size / seconds).toFixed(1)} texts/s, peak RSS ${mb(sampler.peak())} MB`);
  }
  sampler.stop();
  const swept: BatchSweepResult[] = [];
  if (sweep) {
    const texts = benchTexts(sweep.jobs);
    for (const batch of sweep.batches) {
      const started = performance.now();
      await embedder.embed(texts, { batchSize: batch });
      const jobsPerS = sweep.jobs / ((performance.now() - started) / 1000);
      swept.push({ batch, jobs: sweep.jobs, jobs_per_s: jobsPerS });
      console.error(`[node] batch ${batch}: ${jobsPerS.toFixed(1)} jobs/s on ${sweep.jobs} jobs`);
    }
  }
  const loaded = embedder.info.dtype;
  await embedder.dispose();
  return { dtype: loaded, load_ms_cold: cold.ms, load_ms_warm: warm.ms, sizes: results, sweep: swept };
}

async function runCache(jobs: number, dtype: ModelDtype): Promise<NodeCacheResult> {
  const embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype }, nodeEnvironment());
  const embed = embedFunctionOf(embedder);
  const key: ModelKey = { modelId: BUNDLED_MODEL_ID, dtype: embedder.info.dtype, maxTokens: embedder.info.maxTokens };
  const store = await openLocalStore();
  await store.clear();
  const texts = benchTexts(jobs);
  await embedder.embed(['warm-up']);

  let started = performance.now();
  const cold = await embedWithCache(texts, key, store, embed, { batchSize: APP_CHUNK });
  const coldMs = performance.now() - started;
  if (cold.error || cold.embedded !== jobs) throw new Error(`cold run: ${cold.error?.message ?? cold.embedded}`);

  const changed = [...texts];
  changed[Math.floor(jobs / 2)] = `${changed[Math.floor(jobs / 2)]} Updated: hybrid schedule available.`;
  started = performance.now();
  const rerun = await embedWithCache(changed, key, store, embed, { batchSize: APP_CHUNK });
  const rerunMs = performance.now() - started;
  if (rerun.error) throw new Error(`re-run: ${rerun.error.message}`);
  store.close();
  await embedder.dispose();
  console.error(`[node cache] ${jobs} jobs: cold ${Math.round(coldMs)} ms, re-run ${rerunMs.toFixed(1)} ms`);
  return {
    dtype: key.dtype,
    jobs,
    cold_ms: Math.round(coldMs),
    rerun_one_changed_ms: Math.round(rerunMs * 10) / 10,
    embedded_on_rerun: rerun.embedded,
    reused_on_rerun: rerun.reused,
  };
}

const program = new Command('node-runner');
program
  .command('embed')
  .requiredOption('--sizes <list>', 'comma-separated job counts ("" for none: the sweep only)')
  .requiredOption('--out <file>', 'where to write the JSON result')
  .option('--texts-dir <dir>', 'read texts-N.tmp and windows-N.tmp (written by bench/run.ts) from here')
  .option('--dtype <dtype>', "the model's dtype (default: the CLI's default)")
  .option('--sweep-batches <list>', 'batch sizes to time on --sweep-jobs jobs after the sizes')
  .option('--sweep-jobs <n>', 'jobs per batch-size run', '300')
  .option('--whole-max-jobs <n>', 'without --texts-dir: also read sizes up to this many jobs whole', '1000')
  .action(
    async (options: {
      sizes: string;
      out: string;
      textsDir?: string;
      dtype?: string;
      sweepBatches?: string;
      sweepJobs: string;
      wholeMaxJobs: string;
    }) => {
      const sizes = options.sizes ? options.sizes.split(',').map(Number) : [];
      const sweep = options.sweepBatches
        ? { batches: options.sweepBatches.split(',').map(Number), jobs: Number(options.sweepJobs) }
        : null;
      const source = textSource(options.textsDir, Number(options.wholeMaxJobs));
      writeFileSync(options.out, JSON.stringify(await runEmbed(sizes, sweep, source, cliDtype(options.dtype))));
    },
  );
program
  .command('cache')
  .requiredOption('--jobs <n>', 'job count')
  .requiredOption('--out <file>', 'where to write the JSON result')
  .option('--dtype <dtype>', "the model's dtype (default: the CLI's default)")
  .action(async (options: { jobs: string; out: string; dtype?: string }) => {
    writeFileSync(options.out, JSON.stringify(await runCache(Number(options.jobs), cliDtype(options.dtype))));
  });
await program.parseAsync();
