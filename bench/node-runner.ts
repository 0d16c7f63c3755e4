/**
 * The Node side of `npm run bench`, run as its own process (`node --import tsx bench/node-runner.ts`) so that
 * the RSS it samples is its own:
 *
 *   node --import tsx bench/node-runner.ts embed --sizes 100,1000 --out result.json
 *   node --import tsx bench/node-runner.ts cache --jobs 1000 --out result.json
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { embedFunctionOf, embedWithCache } from '../src/matching/embed-with-cache';
import type { ModelKey } from '../src/core/jobs/job';
import { loadEmbedder, type Embedder } from '../src/embedding/engine';
import { nodeEnvironment } from '../src/embedding/node-environment';
import { BUNDLED_MODEL_ID, type LoadRequest } from '../src/embedding/types';
import { openLocalStore } from '../src/storage/indexeddb-store';
import { benchTexts } from './jobs';

export interface NodeEmbedResult {
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
  jobs: number;
  cold_ms: number;
  rerun_one_changed_ms: number;
  embedded_on_rerun: number;
  reused_on_rerun: number;
}

const REQUEST: LoadRequest = { modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'q8' };
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

async function timedLoad(): Promise<{ embedder: Embedder; ms: number }> {
  const started = performance.now();
  const embedder = await loadEmbedder(REQUEST, nodeEnvironment());
  return { embedder, ms: Math.round(performance.now() - started) };
}

async function runEmbed(sizes: number[], sweep: BatchSweep | null, wholeMaxJobs: number): Promise<NodeEmbedResult> {
  const sampler = rssSampler();
  const cold = await timedLoad();
  await cold.embedder.dispose();
  const warm = await timedLoad();
  const embedder = warm.embedder;
  await embedder.embed(['warm-up', 'Registered nurse, ICU']);
  const results: NodeEmbedResult['sizes'] = [];
  for (const size of sizes) {
    const texts = benchTexts(size);
    sampler.reset();
    const started = performance.now();
    // No batch size: the engine's default for the CPU, as the CLI uses.
    const vectors = await embedder.embed(texts);
    const seconds = (performance.now() - started) / 1000;
    if (vectors.length !== size * 384) throw new Error(`expected ${size} vectors, got ${vectors.length / 384}`);
    let whole: WholePostings | undefined;
    if (size <= wholeMaxJobs) {
      const wholeStarted = performance.now();
      const read = await embedder.embedWindows(texts);
      const wholeSeconds = (performance.now() - wholeStarted) / 1000;
      const windows = read.windows.counts.reduce((sum, count) => sum + count, 0);
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
    console.error(`[node] ${size} jobs: ${(size / seconds).toFixed(1)} jobs/s, peak RSS ${mb(sampler.peak())} MB`);
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
  await embedder.dispose();
  return { load_ms_cold: cold.ms, load_ms_warm: warm.ms, sizes: results, sweep: swept };
}

async function runCache(jobs: number): Promise<NodeCacheResult> {
  const embedder = await loadEmbedder(REQUEST, nodeEnvironment());
  const embed = embedFunctionOf(embedder);
  const key: ModelKey = { modelId: BUNDLED_MODEL_ID, dtype: 'q8', maxTokens: 256 };
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
  .requiredOption('--sizes <list>', 'comma-separated job counts')
  .requiredOption('--out <file>', 'where to write the JSON result')
  .option('--sweep-batches <list>', 'batch sizes to time on --sweep-jobs jobs after the sizes')
  .option('--sweep-jobs <n>', 'jobs per batch-size run', '300')
  .option('--whole-max-jobs <n>', 'also read sizes up to this many jobs whole (windows)', '1000')
  .action(
    async (options: { sizes: string; out: string; sweepBatches?: string; sweepJobs: string; wholeMaxJobs: string }) => {
      const sizes = options.sizes.split(',').map(Number);
      const sweep = options.sweepBatches
        ? { batches: options.sweepBatches.split(',').map(Number), jobs: Number(options.sweepJobs) }
        : null;
      writeFileSync(options.out, JSON.stringify(await runEmbed(sizes, sweep, Number(options.wholeMaxJobs))));
    },
  );
program
  .command('cache')
  .requiredOption('--jobs <n>', 'job count')
  .requiredOption('--out <file>', 'where to write the JSON result')
  .action(async (options: { jobs: string; out: string }) => {
    writeFileSync(options.out, JSON.stringify(await runCache(Number(options.jobs))));
  });
await program.parseAsync();
