/**
 * `npm run bench`: embeds the same generated job postings (bench/jobs.ts) in the browser (the real app's
 * worker in headless Chromium: WASM, and WebGPU on SwiftShader), in Node (the same engine on onnxruntime-node)
 * and in the peer (sentence-transformers, bench/peer/peer.py), then prints a Markdown table and writes
 * bench/results/latest.json and bench/results/<date>.json. Needs the production build (`npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { Command } from 'commander';
import { defaultBatchSize } from '../src/embedding/types';
import { benchTexts } from './jobs';
import { startPreview, stopPreview } from './preview';
import { processTree } from './processes';
import { targetsTable, type Target } from './targets';
import { traceDuring, type TraceProfile } from './trace-profile';
import { runUiScale, uiScaleMarkdown, type UiScaleReport } from './ui-scale';
import type { BatchSweep, BatchSweepResult, NodeCacheResult, NodeEmbedResult, WholePostings } from './node-runner';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PYTHON = join(ROOT, '.venv-py', 'bin', 'python');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];
const MODEL_READY_TIMEOUT_MS = 300_000;

type Runtime = 'browser-wasm' | 'browser-webgpu' | 'node' | 'python-peer';

interface Row {
  name: string;
  runtime: Runtime;
  dtype: string;
  jobs: number;
  jobs_per_s: number | null;
  /** The same texts read whole (up to WHOLE_MAX_JOBS jobs): jobs/s and the windows/s behind it. */
  whole_jobs_per_s: number | null;
  windows_per_s: number | null;
  ratio_to_peer: number | null;
  load_ms_cold: number | null;
  load_ms_warm: number | null;
  peak_rss_mb: number | null;
  /** Browser rows: goto/reload until "Model ready", and the engine's load split into files and runtime. */
  page_ready_ms_cold?: number;
  page_ready_ms_warm?: number;
  load_breakdown_cold?: LoadBreakdown;
  load_breakdown_warm?: LoadBreakdown;
  note?: string;
}

interface LoadBreakdown {
  filesMs: number;
  runtimeMs: number;
}

interface SizeResult {
  jobs: number;
  jobs_per_s: number;
  peak_rss_mb: number;
  /** The same texts read whole (windows of up to 256 word pieces), as the app reads postings. */
  whole?: WholePostings;
}

interface RuntimeResult {
  name: string;
  dtype: string;
  load_ms_cold: number | null;
  load_ms_warm: number | null;
  page_ready_ms_cold?: number;
  page_ready_ms_warm?: number;
  load_breakdown_cold?: LoadBreakdown;
  load_breakdown_warm?: LoadBreakdown;
  sizes: SizeResult[];
  /** jobs/s by batch size, on the same texts (when a sweep was asked for). */
  sweep?: BatchSweepResult[];
  /** Applies to every row of this runtime. */
  note?: string;
  /** Why sizes missing from `sizes` were not run (or failed). */
  skipped?: (jobs: number) => string | undefined;
}

/** Sizes up to this are also read whole (the app's windows), in Node and browser WASM: jobs/s and windows/s. */
const WHOLE_MAX_JOBS = 1000;

const log = (message: string) => console.error(`[bench] ${message}`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function readJson<T>(file: string): Promise<T> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

// ---------------------------------------------------------------------------------------------- peer, Node

async function runPeer(textFiles: string[], outDir: string): Promise<RuntimeResult> {
  const name = 'Python peer: sentence-transformers, fp32, CPU, batch 32';
  if (!existsSync(PYTHON)) {
    const how =
      '.venv-py is missing: python3 -m venv .venv-py && .venv-py/bin/pip install -r scripts/requirements-model.txt';
    return { name, dtype: 'fp32', load_ms_cold: null, load_ms_warm: null, sizes: [], skipped: () => how };
  }
  const out = join(outDir, 'peer.tmp');
  await run(PYTHON, [join(ROOT, 'bench/peer/peer.py'), '--out', out, ...textFiles]);
  const result = await readJson<{
    load_ms_cold: number;
    load_ms_warm: number;
    torch_threads: number;
    sizes: SizeResult[];
  }>(out);
  return {
    name,
    dtype: 'fp32',
    load_ms_cold: result.load_ms_cold,
    load_ms_warm: result.load_ms_warm,
    sizes: result.sizes,
    note: `torch ${result.torch_threads} threads; cold load includes importing sentence-transformers; peak = VmHWM`,
  };
}

/** Runs a bench/node-runner.ts subcommand in its own process (so its RSS is its own) and reads its result. */
async function runNodeRunner<T>(command: string, args: string[], out: string): Promise<T> {
  await run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/node-runner.ts'), command, ...args, '--out', out]);
  return readJson<T>(out);
}

async function runNode(sizes: number[], sweep: BatchSweep | null, outDir: string): Promise<RuntimeResult> {
  const sweepArgs = sweep ? ['--sweep-batches', sweep.batches.join(','), '--sweep-jobs', String(sweep.jobs)] : [];
  const result = await runNodeRunner<NodeEmbedResult>(
    'embed',
    ['--sizes', sizes.join(','), ...sweepArgs, '--whole-max-jobs', String(WHOLE_MAX_JOBS)],
    join(outDir, 'node.tmp'),
  );
  return {
    name: `Node: onnxruntime-node, int8, CPU, batch ${defaultBatchSize('cpu')}`,
    dtype: 'q8',
    load_ms_cold: result.load_ms_cold,
    load_ms_warm: result.load_ms_warm,
    sizes: result.sizes,
    sweep: result.sweep,
    note: 'loadEmbedder + embed in a child process; peak = its RSS sampled every 200 ms',
  };
}

function runCache(jobs: number, outDir: string): Promise<NodeCacheResult> {
  return runNodeRunner<NodeCacheResult>('cache', ['--jobs', String(jobs)], join(outDir, 'cache.tmp'));
}

// ----------------------------------------------------------------------------------------------- browser

/** Sums the RSS of the renderer and GPU processes under `rootPid` every 200 ms. */
function browserRssSampler(rootPid: number) {
  let peak = 0;
  let stopped = false;
  async function sample(): Promise<number> {
    const processes = await processTree(rootPid);
    const kb = processes
      .filter((entry) => /--type=(renderer|gpu-process)/.test(entry.args))
      .reduce((total, entry) => total + entry.rss, 0);
    return kb / 1024;
  }
  const tick = async () => {
    if (stopped) return;
    try {
      peak = Math.max(peak, await sample());
    } catch {
      // ps failed once: keep the peak so far
    }
    if (!stopped) setTimeout(() => void tick(), 200);
  };
  void tick();
  return {
    reset: async () => {
      peak = await sample();
    },
    peak: async () => Math.round(Math.max(peak, await sample())),
    stop: () => {
      stopped = true;
    },
  };
}

async function waitForModel(page: Page): Promise<{ backend: string }> {
  await page.getByRole('heading', { name: 'Model ready' }).waitFor({ timeout: MODEL_READY_TIMEOUT_MS });
  const backend = (await page.getByTestId('backend').textContent()) ?? '';
  return { backend: backend.replace(/\s+/g, ' ').trim() };
}

interface EmbedInPage {
  ms: number;
  /** Windows read, when the texts were read whole. */
  windows: number;
  device: string;
  dtype: string;
  loadMs: number;
  loadBreakdown: LoadBreakdown;
}

async function embedInPage(page: Page, texts: string[], batchSize?: number, windows = false): Promise<EmbedInPage> {
  const result = await page.evaluate(
    async ({ input, batch, whole }) => {
      if (!window.careerpilotMatch) throw new Error('the page has no careerpilotMatch console API');
      const started = performance.now();
      const output = await window.careerpilotMatch.embed(input, {
        ...(batch ? { batchSize: batch } : {}),
        ...(whole ? { windows: true } : {}),
      });
      const ms = performance.now() - started;
      if ('error' in output) return { error: output.error };
      const { device, dtype, loadMs, loadBreakdown } = output;
      const windowCount = (output.windowCounts ?? []).reduce((sum, count) => sum + count, 0);
      return { ms, count: output.vectors.length, windows: windowCount, device, dtype, loadMs, loadBreakdown };
    },
    { input: texts, batch: batchSize, whole: windows },
  );
  if ('error' in result) throw new Error(`embedding in the page failed: ${result.error}`);
  if (result.count !== texts.length) throw new Error(`expected ${texts.length} vectors, got ${result.count}`);
  return result;
}

interface PageLoad {
  /** goto/reload until the page says "Model ready": the app's own start-up plus the engine's load. */
  pageMs: number;
  /** The engine's load in the worker (loadEmbedder), comparable with Node's and the peer's. */
  engineMs: number;
  breakdown: LoadBreakdown;
  backend: string;
}

async function timePageLoad(page: Page, navigate: () => Promise<unknown>): Promise<PageLoad> {
  const started = performance.now();
  await navigate();
  const { backend } = await waitForModel(page);
  const pageMs = Math.round(performance.now() - started);
  const probe = await embedInPage(page, ['warm-up']);
  return { pageMs, engineMs: probe.loadMs, breakdown: probe.loadBreakdown, backend };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface BrowserRun {
  result: RuntimeResult;
  search: { vectors: number; top10_ms: number }[];
  chromium: string;
  loadProfile: TraceProfile | null;
  embedProfile: TraceProfile | null;
}

async function runBrowser(
  baseURL: string,
  device: 'wasm' | 'webgpu',
  sizes: number[],
  searchSizes: number[],
  webgpuMaxJobs = 100,
  sweep: BatchSweep | null = null,
  profileJobs = 0,
  warmReloads = 3,
): Promise<BrowserRun> {
  // A persistent profile, as a person's browser has: the HTTP cache, V8's code cache for the wasm and
  // Cache Storage survive a reload (an incognito-like context keeps none of the 23-27 MB files).
  const profileDir = mkdtempSync(join(tmpdir(), 'careerpilot-bench-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: device === 'webgpu' ? [...CHROMIUM_ARGS, ...WEBGPU_ARGS] : CHROMIUM_ARGS,
    baseURL,
  });
  // Playwright runs its driver in this process and spawns Chromium as our child: the renderer and GPU processes
  // under us are this browser's (one browser runs at a time).
  const sampler = browserRssSampler(process.pid);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cold = await timePageLoad(page, () => page.goto(`/?device=${device}`));
    log(`${device}: cold: page ${cold.pageMs} ms, engine ${cold.engineMs} ms: ${cold.backend}`);
    const warms: PageLoad[] = [];
    for (let reload = 0; reload < warmReloads; reload++) {
      // Let the previous load's background work (V8 tiering up the wasm) finish, as it would between visits.
      await page.waitForTimeout(2000);
      warms.push(await timePageLoad(page, () => page.reload()));
    }
    const warm = warms.find((load) => load.engineMs === median(warms.map((entry) => entry.engineMs))) as PageLoad;
    log(`${device}: warm (median of ${warmReloads}): page ${warm.pageMs} ms, engine ${warm.engineMs} ms`);
    if (device === 'webgpu' && !warm.backend.includes('WebGPU')) {
      throw new Error(`WebGPU did not load: ${warm.backend}`);
    }
    let loadProfile: TraceProfile | null = null;
    if (device === 'wasm') {
      await page.waitForTimeout(2000);
      loadProfile = await traceDuring(context, page, async () => {
        await page.reload();
        await waitForModel(page);
      });
      log(`${device}: traced warm reload: ${loadProfile.wall_ms} ms`);
    }

    // The reloads leave a renderer and V8's background compiler busy for a moment; let them settle first.
    await page.waitForTimeout(3000);
    const measured: SizeResult[] = [];
    let dtype = device === 'wasm' ? 'q8' : 'fp32';
    await embedInPage(page, ['warm-up', 'Registered nurse, ICU']);
    for (const size of sizes) {
      await sampler.reset();
      const run = await embedInPage(page, benchTexts(size));
      dtype = run.dtype;
      const jobsPerS = size / (run.ms / 1000);
      let whole: WholePostings | undefined;
      if (size <= WHOLE_MAX_JOBS && device === 'wasm') {
        const read = await embedInPage(page, benchTexts(size), undefined, true);
        whole = {
          jobs_per_s: size / (read.ms / 1000),
          windows: read.windows,
          windows_per_s: read.windows / (read.ms / 1000),
        };
        log(`${device}: ${size} jobs whole: ${whole.jobs_per_s.toFixed(1)} jobs/s, ${read.windows} windows`);
      }
      measured.push({
        jobs: size,
        jobs_per_s: jobsPerS,
        peak_rss_mb: await sampler.peak(),
        ...(whole ? { whole } : {}),
      });
      log(`${device}: ${size} jobs: ${jobsPerS.toFixed(1)} jobs/s on ${run.device}/${run.dtype}`);
    }

    const swept: BatchSweepResult[] = [];
    if (sweep) {
      const texts = benchTexts(sweep.jobs);
      for (const batch of sweep.batches) {
        const run = await embedInPage(page, texts, batch);
        const jobsPerS = sweep.jobs / (run.ms / 1000);
        swept.push({ batch, jobs: sweep.jobs, jobs_per_s: jobsPerS });
        log(`${device}: batch ${batch}: ${jobsPerS.toFixed(1)} jobs/s on ${sweep.jobs} jobs`);
      }
    }

    let embedProfile: TraceProfile | null = null;
    if (device === 'wasm' && profileJobs > 0) {
      const texts = benchTexts(profileJobs);
      embedProfile = await traceDuring(context, page, async () => void (await embedInPage(page, texts)), true);
      log(`${device}: traced (sampled) embedding of ${profileJobs} jobs: ${embedProfile.wall_ms} ms`);
    }

    const search: BrowserRun['search'] = [];
    for (const vectors of searchSizes) {
      const timing = await page.evaluate((count) => {
        if (!window.careerpilotMatch?.benchSearch) throw new Error('no benchSearch: rebuild with npm run build');
        return window.careerpilotMatch.benchSearch(count, 5);
      }, vectors);
      search.push({ vectors, top10_ms: round(timing.top10_ms, 2) });
      log(`search: top-10 over ${vectors} vectors: ${timing.top10_ms.toFixed(1)} ms (median of 5)`);
    }
    const version = context.browser()?.version() ?? 'unknown';
    const label =
      device === 'wasm'
        ? `Browser WASM: Chromium ${version}, ${warm.backend.match(/\((.*?)\)/)?.[1] ?? 'int8'}`
        : `Browser WebGPU (SwiftShader, CPU): ${warm.backend.match(/\((.*?)\)/)?.[1] ?? 'fp32'}`;
    return {
      chromium: version,
      search,
      loadProfile,
      embedProfile,
      result: {
        name: label,
        dtype,
        load_ms_cold: cold.engineMs,
        load_ms_warm: warm.engineMs,
        page_ready_ms_cold: cold.pageMs,
        page_ready_ms_warm: warm.pageMs,
        load_breakdown_cold: cold.breakdown,
        load_breakdown_warm: warm.breakdown,
        sizes: measured,
        sweep: swept,
        note:
          `load = the engine in the worker (files ${warm.breakdown.filesMs} ms + ONNX Runtime ${warm.breakdown.runtimeMs} ms warm); ` +
          `page to "Model ready" ${cold.pageMs} ms cold, ${warm.pageMs} ms warm (median of ${warmReloads} reloads, persistent profile); ` +
          'peak = renderer + GPU process RSS',
        skipped: (jobs) =>
          device === 'webgpu' && jobs > webgpuMaxJobs
            ? `skipped: SwiftShader runs WebGPU on the CPU (about 1 text/s or less); only sizes up to ${webgpuMaxJobs} jobs are run on it`
            : undefined,
      },
    };
  } finally {
    sampler.stop();
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

// --------------------------------------------------------------------------------------------- reporting

function failed(name: string, dtype: string, why: string): RuntimeResult {
  return { name, dtype, load_ms_cold: null, load_ms_warm: null, sizes: [], skipped: () => why };
}

function buildRows(sizes: number[], results: Partial<Record<Runtime, RuntimeResult>>): Row[] {
  const order: Runtime[] = ['browser-wasm', 'browser-webgpu', 'node', 'python-peer'];
  const rows: Row[] = [];
  for (const jobs of sizes) {
    const peer = results['python-peer']?.sizes.find((size) => size.jobs === jobs);
    for (const runtime of order) {
      const result = results[runtime];
      if (!result) continue;
      const size = result.sizes.find((entry) => entry.jobs === jobs);
      const notes = [size ? undefined : (result.skipped?.(jobs) ?? 'not measured'), result.note].filter(Boolean);
      rows.push({
        name: result.name,
        runtime,
        dtype: result.dtype,
        jobs,
        jobs_per_s: size ? round(size.jobs_per_s, 2) : null,
        whole_jobs_per_s: size?.whole ? round(size.whole.jobs_per_s, 2) : null,
        windows_per_s: size?.whole ? round(size.whole.windows_per_s, 2) : null,
        ratio_to_peer: size && peer ? round(size.jobs_per_s / peer.jobs_per_s, 2) : null,
        load_ms_cold: result.load_ms_cold,
        load_ms_warm: result.load_ms_warm,
        peak_rss_mb: size ? size.peak_rss_mb : null,
        ...(result.page_ready_ms_cold === undefined
          ? {}
          : {
              page_ready_ms_cold: result.page_ready_ms_cold,
              page_ready_ms_warm: result.page_ready_ms_warm,
              load_breakdown_cold: result.load_breakdown_cold,
              load_breakdown_warm: result.load_breakdown_warm,
            }),
        ...(notes.length ? { note: notes.join('; ') } : {}),
      });
    }
  }
  return rows;
}

function evaluateTargets(
  rows: Row[],
  search: { vectors: number; top10_ms: number }[],
  cache: { jobs: number; speedup: number } | null,
): Target[] {
  const ratios = (runtime: Runtime, goal: number, label: string): Target => {
    const measured = rows.filter((row) => row.runtime === runtime && row.ratio_to_peer !== null);
    return {
      goal: `${label} >= ${goal.toFixed(1)}x the peer's jobs/s`,
      measured: measured.length
        ? measured.map((row) => `${row.jobs} jobs: ${row.ratio_to_peer}x`).join(', ')
        : 'not measured',
      met: measured.length ? measured.every((row) => (row.ratio_to_peer as number) >= goal) : null,
    };
  };
  const search100k = search.find((entry) => entry.vectors === 100_000);
  const warmLoads = [
    ...new Map(
      rows
        .filter((row) => row.load_ms_warm !== null && (row.runtime === 'browser-wasm' || row.runtime === 'node'))
        .map((row) => [row.runtime, row.load_ms_warm as number]),
    ),
  ];
  const pageWarm = rows.find((row) => row.runtime === 'browser-wasm')?.page_ready_ms_warm;
  return [
    ratios('browser-wasm', 1, 'Browser WASM'),
    ratios('node', 2, 'Node'),
    {
      goal: `re-run with 1 of ${cache?.jobs ?? 1000} jobs changed >= 100x faster than cold`,
      measured: cache ? `${cache.speedup}x` : 'not measured',
      met: cache ? cache.speedup >= 100 : null,
    },
    {
      goal: 'top-10 over 100,000 vectors < 50 ms',
      measured: search100k ? `${search100k.top10_ms} ms` : 'not measured',
      met: search100k ? search100k.top10_ms < 50 : null,
    },
    {
      goal: 'warm model load < 500 ms (browser WASM engine, Node)',
      measured: warmLoads.length
        ? warmLoads.map(([runtime, ms]) => `${runtime} ${ms} ms`).join(', ') +
          (pageWarm === undefined ? '' : ` (browser page to "Model ready": ${pageWarm} ms)`)
        : 'not measured',
      met: warmLoads.length ? warmLoads.every(([, ms]) => ms < 500) : null,
    },
  ];
}

const cell = (value: number | string | null | undefined) =>
  value === null || value === undefined ? '–' : String(value);

function profileLines(title: string, profile: TraceProfile | null): string[] {
  if (!profile) return [];
  const sampled = (thread: TraceProfile['threads'][number]) =>
    thread.samples_ms
      ? ` samples: wasm ${thread.samples_ms.wasm}, JS ${thread.samples_ms.js}, GC ${thread.samples_ms.gc}, idle ${thread.samples_ms.idle};`
      : '';
  return [
    `${title} (${profile.wall_ms} ms), busiest threads (ms):`,
    '',
    ...profile.threads
      .slice(0, 6)
      .map(
        (thread) =>
          `- ${thread.thread}: busy ${thread.busy_ms};${sampled(thread)} ${thread.top.map((entry) => `${entry.event} ${entry.ms}`).join(', ')}`,
      ),
    '',
  ];
}

function markdown(report: Report): string {
  const lines = [
    `Machine: ${report.machine.model}, ${report.machine.cpus} CPUs, ${report.machine.memGb} GB; Node ${report.machine.node}; Chromium ${report.machine.chromium ?? '–'}; ${report.date}`,
    '',
    '| jobs | runtime | dtype | jobs/s (first 256) | × peer | whole postings: jobs/s | windows/s | load cold ms | load warm ms | peak RSS MB | note |',
    '| ---: | ------- | ----- | -----: | -----: | -----: | -----: | -----------: | -----------: | ----------: | ---- |',
    ...report.rows.map(
      (row) =>
        `| ${row.jobs} | ${row.runtime} | ${row.dtype} | ${cell(row.jobs_per_s)} | ${cell(row.ratio_to_peer)} | ` +
        `${cell(row.whole_jobs_per_s)} | ${cell(row.windows_per_s)} | ` +
        `${cell(row.load_ms_cold)} | ${cell(row.load_ms_warm)} | ${cell(row.peak_rss_mb)} | ${cell(row.note)} |`,
    ),
    '',
    '| search: vectors | top-10 ms (median of 5) |',
    '| --------------: | ----------------------: |',
    ...report.search.map((entry) => `| ${entry.vectors} | ${entry.top10_ms} |`),
    '',
    ...(report.batch_sweep.length
      ? [
          '| batch size | runtime | jobs | jobs/s |',
          '| ---------: | ------- | ---: | -----: |',
          ...report.batch_sweep.map(
            (entry) => `| ${entry.batch} | ${entry.runtime} | ${entry.jobs} | ${entry.jobs_per_s} |`,
          ),
          '',
        ]
      : []),
    report.cache
      ? `Cache: ${report.cache.jobs} jobs cold ${report.cache.cold_ms} ms, re-run with one changed ${report.cache.rerun_one_changed_ms} ms (${report.cache.speedup}x)`
      : 'Cache: not measured',
    '',
    ...profileLines('Traced warm reload of the WASM page', report.load_profile),
    ...profileLines('Traced, CPU-sampled embedding in the WASM page', report.embed_profile),
    ...targetsTable('target', report.targets),
  ];
  return lines.join('\n');
}

interface Report {
  date: string;
  machine: { cpus: number; model: string; memGb: number; node: string; chromium: string | null };
  rows: Row[];
  search: { vectors: number; top10_ms: number }[];
  cache: { jobs: number; cold_ms: number; rerun_one_changed_ms: number; speedup: number } | null;
  /** jobs/s by batch size (browser WASM and Node, the same texts). */
  batch_sweep: { runtime: Runtime; batch: number; jobs: number; jobs_per_s: number }[];
  /** A traced warm reload of the WASM page: where the load's time goes, per thread. */
  load_profile: TraceProfile | null;
  /** A traced, CPU-sampled embedding run in the WASM page: how much of each thread's time is ONNX Runtime's wasm. */
  embed_profile: TraceProfile | null;
  targets: Target[];
  /** The page at 20,000 and 50,000 jobs (seeded vectors) and a 2,000-job embedding run (bench/ui-scale.ts). */
  ui_scale: UiScaleReport | null;
}

// ------------------------------------------------------------------------------------------------- main

interface Options {
  sizes: string;
  skipWebgpu?: boolean;
  skipPeer?: boolean;
  skipBrowser?: boolean;
  skipCache?: boolean;
  cacheJobs: string;
  webgpuMaxJobs: string;
  searchSizes: string;
  sweepBatches: string;
  sweepJobs: string;
  profileJobs: string;
  out: string;
  only?: string;
  uiSizes: string;
  uiEmbedJobs: string;
  uiEmbedMaxS: string;
  uiProfile?: boolean;
}

const program = new Command('bench')
  .option('--sizes <list>', 'job counts, comma-separated', '100,1000,10000')
  .option('--skip-webgpu', 'no WebGPU (SwiftShader) row')
  .option('--skip-peer', 'no sentence-transformers peer (ratios are null)')
  .option('--skip-browser', 'no browser rows and no search timing')
  .option('--skip-cache', 'no cache re-run measurement')
  .option('--webgpu-max-jobs <n>', 'largest size run on WebGPU (SwiftShader is slow)', '100')
  .option('--cache-jobs <n>', 'jobs in the cache re-run measurement', '1000')
  .option('--search-sizes <list>', 'stored vectors for the top-10 search timing', '10000,100000')
  .option('--sweep-batches <list>', 'batch sizes timed in the browser (WASM) and Node; "" for none', '8,16,32,64')
  .option('--sweep-jobs <n>', 'jobs per batch-size run', '300')
  .option('--profile-jobs <n>', 'jobs embedded under a sampled trace in the WASM page (0: none)', '100')
  .option('--out <dir>', 'where to write latest.json and <date>.json', 'bench/results')
  .option('--only <section>', 'run one section: "ui-scale" (writes <out>/ui-scale.json, not latest.json)')
  .option('--ui-sizes <list>', 'jobs (vectors seeded) for the UI-at-scale section; "" for none', '20000,50000')
  .option('--ui-embed-jobs <n>', 'unseen jobs embedded in the page in the UI section (0: none)', '2000')
  .option('--ui-embed-max-s <s>', 'the UI embedding run is cancelled after this long', '420')
  .option('--ui-profile', 'UI section under the CPU profiler: where the longest task of each phase went')
  .parse();
const options = program.opts<Options>();
const sizes = options.sizes.split(',').map((size) => Number(size.trim()));
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`bad --sizes: ${options.sizes}`);
const sweep: BatchSweep | null = options.sweepBatches
  ? { batches: options.sweepBatches.split(',').map(Number), jobs: Number(options.sweepJobs) }
  : null;
if (options.only !== undefined && options.only !== 'ui-scale') throw new Error(`bad --only: ${options.only}`);
const onlyUi = options.only === 'ui-scale';
const uiSizes = options.uiSizes ? options.uiSizes.split(',').map((size) => Number(size.trim())) : [];
if (uiSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`bad --ui-sizes: ${options.uiSizes}`);
const outDir = resolve(ROOT, options.out);
mkdirSync(outDir, { recursive: true });

const textFiles = (onlyUi ? [] : sizes).map((size) => {
  const file = join(outDir, `texts-${size}.tmp`);
  writeFileSync(file, JSON.stringify(benchTexts(size)));
  return file;
});

const results: Partial<Record<Runtime, RuntimeResult>> = {};
let search: Report['search'] = [];
let chromiumVersion: string | null = null;
let cache: Report['cache'] = null;
let loadProfile: TraceProfile | null = null;
let embedProfile: TraceProfile | null = null;

if (!options.skipPeer && !onlyUi) {
  log('python peer…');
  results['python-peer'] = await runPeer(textFiles, outDir).catch((error: unknown) =>
    failed('Python peer: sentence-transformers', 'fp32', `failed: ${errorText(error)}`),
  );
}
if (!onlyUi) {
  log('node…');
  results.node = await runNode(sizes, sweep, outDir).catch((error: unknown) =>
    failed('Node: onnxruntime-node', 'q8', `failed: ${errorText(error)}`),
  );
}
if (!options.skipCache && !onlyUi) {
  log('cache re-run…');
  try {
    const run = await runCache(Number(options.cacheJobs), outDir);
    cache = {
      jobs: run.jobs,
      cold_ms: run.cold_ms,
      rerun_one_changed_ms: run.rerun_one_changed_ms,
      speedup: round(run.cold_ms / Math.max(run.rerun_one_changed_ms, 0.1), 1),
    };
  } catch (error) {
    log(`cache measurement failed: ${errorText(error)}`);
  }
}
if (!options.skipBrowser && !onlyUi) {
  let preview: { url: string; server: ChildProcess } | null = null;
  try {
    preview = await startPreview();
    log(`browser WASM on ${preview.url}…`);
    try {
      const searchSizes = options.searchSizes.split(',').map(Number);
      const wasm = await runBrowser(
        preview.url,
        'wasm',
        sizes,
        searchSizes,
        undefined,
        sweep,
        Number(options.profileJobs),
      );
      results['browser-wasm'] = wasm.result;
      search = wasm.search;
      chromiumVersion = wasm.chromium;
      loadProfile = wasm.loadProfile;
      embedProfile = wasm.embedProfile;
    } catch (error) {
      results['browser-wasm'] = failed('Browser WASM', 'q8', `failed: ${errorText(error)}`);
    }
    if (!options.skipWebgpu) {
      log('browser WebGPU (SwiftShader)…');
      const maxJobs = Number(options.webgpuMaxJobs);
      const gpuSizes = sizes.filter((size) => size <= maxJobs);
      try {
        results['browser-webgpu'] = (await runBrowser(preview.url, 'webgpu', gpuSizes, [], maxJobs)).result;
      } catch (error) {
        results['browser-webgpu'] = failed('Browser WebGPU (SwiftShader)', 'fp32', `failed: ${errorText(error)}`);
      }
    }
  } catch (error) {
    results['browser-wasm'] = failed('Browser WASM', 'q8', `failed: ${errorText(error)}`);
  } finally {
    if (preview) stopPreview(preview.server);
  }
}

let uiScale: UiScaleReport | null = null;
if (!options.skipBrowser && (uiSizes.length > 0 || Number(options.uiEmbedJobs) > 0)) {
  let preview: { url: string; server: ChildProcess } | null = null;
  try {
    preview = await startPreview();
    log(`UI at scale on ${preview.url}: ${uiSizes.join(', ') || 'no'} seeded jobs, ${options.uiEmbedJobs} embedded…`);
    uiScale = await runUiScale(
      {
        baseURL: preview.url,
        sizes: uiSizes,
        embedJobs: Number(options.uiEmbedJobs),
        embedMaxS: Number(options.uiEmbedMaxS),
        profile: options.uiProfile ?? false,
      },
      {
        chromiumPath: CHROMIUM,
        chromiumArgs: CHROMIUM_ARGS,
        rssSampler: browserRssSampler,
        waitForModel,
        log,
      },
    );
  } catch (error) {
    log(`UI at scale failed: ${errorText(error)}`);
    if (onlyUi) process.exitCode = 1;
  } finally {
    if (preview) stopPreview(preview.server);
  }
}
if (onlyUi) {
  writeFileSync(join(outDir, 'ui-scale.json'), `${JSON.stringify(uiScale, null, 2)}\n`);
  if (uiScale) console.log(uiScaleMarkdown(uiScale));
  log(`wrote ${join(options.out, 'ui-scale.json')}`);
} else {
  const rows = buildRows(sizes, results);
  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model.trim() ?? 'unknown',
      memGb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      chromium: chromiumVersion,
    },
    rows,
    search,
    cache,
    batch_sweep: (['browser-wasm', 'node'] as const).flatMap((runtime) =>
      (results[runtime]?.sweep ?? []).map((entry) => ({ runtime, ...entry, jobs_per_s: round(entry.jobs_per_s, 2) })),
    ),
    load_profile: loadProfile,
    embed_profile: embedProfile,
    targets: evaluateTargets(rows, search, cache),
    ui_scale: uiScale,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(outDir, 'latest.json'), json);
  writeFileSync(join(outDir, `${report.date.slice(0, 10)}.json`), json);
  console.log(markdown(report));
  if (uiScale) console.log(`\n${uiScaleMarkdown(uiScale)}`);
  log(`wrote ${join(options.out, 'latest.json')} and ${join(options.out, `${report.date.slice(0, 10)}.json`)}`);
}
