/**
 * `npm run bench`: embeds the same generated job postings (bench/jobs.ts, as long as real ones) in the browser
 * (the real app's worker in headless Chromium: WASM, and WebGPU on SwiftShader), in Node (the same engine on
 * onnxruntime-node) and in the peer (sentence-transformers, bench/peer/peer.py), then prints Markdown tables and
 * writes bench/results/latest.json and bench/results/<date>.json. Needs the production build (`npm run build`).
 *
 * The peer, Node and browser WASM run in interleaved rounds (--rounds, the order rotated each round), each on
 * the very same texts, twice: cut at 256 word pieces (texts/s, what the peer's original script reads) and whole
 * (the app's windows of up to 256 word pieces: jobs/s and windows/s, the peer given the same window texts). On
 * a shared machine the load drifts over minutes; a ratio taken within one round is fair, and the report gives
 * each round's ratio and their median.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { Command } from 'commander';
import { defaultBatchSize } from '../src/embedding/types';
import { cliDtype } from './dtype';
import { benchTexts, warmUpTexts } from './jobs';
import { lengthStats, loadTokenizer, windowTexts, wordPieces, type LengthStats, type WindowTexts } from './lengths';
import { startPreview, stopPreview } from './preview';
import { processTree } from './processes';
import { targetsTable, throughputTargets, type RatioToPeer, type Target } from './targets';
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
/** The runtimes measured in interleaved rounds, in the first round's order. */
type Interleaved = 'python-peer' | 'node' | 'browser-wasm';
const ROUND_ORDER: readonly Interleaved[] = ['python-peer', 'node', 'browser-wasm'];
const RUNTIME_LABEL: Record<Runtime, string> = {
  'python-peer': 'peer',
  node: 'Node',
  'browser-wasm': 'browser WASM',
  'browser-webgpu': 'browser WebGPU',
};

interface LoadBreakdown {
  filesMs: number;
  runtimeMs: number;
}

interface SizeResult {
  jobs: number;
  /** Texts per second, each text cut at 256 word pieces (one text a job). */
  jobs_per_s: number;
  peak_rss_mb: number;
  /** The same texts read whole (windows of up to 256 word pieces), as the app reads postings. */
  whole?: WholePostings & { windows_truncated?: number };
}

/** One runtime's turn in one round: a fresh process (peer, Node) or the open page (browser). */
interface RoundResult {
  round: number;
  /** 1 = ran first in its round. */
  position: number;
  load_ms_cold: number | null;
  load_ms_warm: number | null;
  sizes: SizeResult[];
  error?: string;
}

interface RuntimeResult {
  name: string;
  /** The dtype the engine reported it ran (EngineInfo.dtype); the peer's is its weights' (fp32). */
  dtype: string;
  /** Browser: measured once, before the rounds. Peer and Node: null here, per round in `rounds`. */
  load_ms_cold: number | null;
  load_ms_warm: number | null;
  page_ready_ms_cold?: number;
  page_ready_ms_warm?: number;
  load_breakdown_cold?: LoadBreakdown;
  load_breakdown_warm?: LoadBreakdown;
  rounds: RoundResult[];
  /** jobs/s by batch size, on the same texts (when a sweep was asked for). */
  sweep?: BatchSweepResult[];
  /** Applies to every row of this runtime. */
  note?: string;
  /** Why sizes missing from the rounds were not run (or failed). */
  skipped?: (jobs: number) => string | undefined;
}

interface Row {
  name: string;
  runtime: Runtime;
  dtype: string;
  jobs: number;
  /** Texts/s with every text cut at 256 word pieces: each round's, and their median. */
  texts_per_s: number | null;
  texts_per_s_rounds: (number | null)[];
  /** texts/s over the peer's texts/s of the same round, and the median of those. */
  ratio_to_peer: number | null;
  ratio_to_peer_rounds: (number | null)[];
  /** Whole postings (the app's windows): jobs/s and windows/s per round and median; the windows/s ratio to the peer. */
  windows: number | null;
  whole_jobs_per_s: number | null;
  whole_jobs_per_s_rounds: (number | null)[];
  windows_per_s: number | null;
  windows_per_s_rounds: (number | null)[];
  windows_ratio_to_peer: number | null;
  windows_ratio_to_peer_rounds: (number | null)[];
  /** Median over rounds for the peer and Node (a fresh process each round); the browser's are from before the rounds. */
  load_ms_cold: number | null;
  load_ms_warm: number | null;
  /** Highest over the rounds. */
  peak_rss_mb: number | null;
  /** Browser rows: goto/reload until "Model ready", and the engine's load split into files and runtime. */
  page_ready_ms_cold?: number;
  page_ready_ms_warm?: number;
  load_breakdown_cold?: LoadBreakdown;
  load_breakdown_warm?: LoadBreakdown;
  note?: string;
}

const benchStarted = performance.now();
// Elapsed time on every line: what the run's parts cost, for sizing a run on another machine.
const log = (message: string) =>
  console.error(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The median (the mean of the middle two for an even count); null for no values. */
function median(values: readonly (number | null)[]): number | null {
  const sorted = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

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

// ------------------------------------------------------------------------------------------ the texts

/** Each size's texts (and, up to --whole-max-jobs, its window texts), as files every runtime reads. */
interface BenchInputs {
  textFiles: Map<number, string>;
  windowFiles: Map<number, string>;
  texts: Map<number, string[]>;
  windows: Map<number, WindowTexts>;
  lengths: Record<number, LengthStats>;
}

/**
 * Writes texts-N.tmp and windows-N.tmp for each size and measures their lengths with the model's tokenizer. The
 * first n postings of a larger size are those of a smaller one, so the largest size is made and tokenised once.
 */
async function prepareInputs(sizes: readonly number[], wholeMaxJobs: number, outDir: string): Promise<BenchInputs> {
  const largest = Math.max(...sizes);
  const all = benchTexts(largest);
  const tokenizer = await loadTokenizer();
  const pieces = wordPieces(tokenizer, all);
  const wholeLargest = Math.max(0, ...sizes.filter((size) => size <= wholeMaxJobs));
  const allWindows = windowTexts(tokenizer, all.slice(0, wholeLargest));
  const inputs: BenchInputs = {
    textFiles: new Map(),
    windowFiles: new Map(),
    texts: new Map(),
    windows: new Map(),
    lengths: {},
  };
  for (const size of sizes) {
    const texts = all.slice(0, size);
    const textFile = join(outDir, `texts-${size}.tmp`);
    writeFileSync(textFile, JSON.stringify(texts));
    inputs.textFiles.set(size, textFile);
    inputs.texts.set(size, texts);
    const stats = lengthStats(pieces.slice(0, size));
    if (size <= wholeMaxJobs) {
      const counts = allWindows.counts.slice(0, size);
      const windows = {
        counts,
        texts: allWindows.texts.slice(
          0,
          counts.reduce((sum, count) => sum + count, 0),
        ),
      };
      const windowFile = join(outDir, `windows-${size}.tmp`);
      writeFileSync(windowFile, JSON.stringify(windows));
      inputs.windowFiles.set(size, windowFile);
      inputs.windows.set(size, windows);
      stats.windows_per_text = round(windows.texts.length / size, 2);
    } else {
      // An earlier run's windows file would have the Node runner read this size whole.
      rmSync(join(outDir, `windows-${size}.tmp`), { force: true });
    }
    inputs.lengths[size] = stats;
    log(
      `${size} texts: median ${stats.median} word pieces (p10 ${stats.p10}, p90 ${stats.p90}), ` +
        `${Math.round(stats.share_over_256 * 100)}% over 256` +
        (stats.windows_per_text === undefined ? '' : `, ${stats.windows_per_text} windows a text`),
    );
  }
  return inputs;
}

// ---------------------------------------------------------------------------------------------- peer, Node

/** A runtime measured in rounds: `round` runs every size once (cut at 256, then whole), in its turn. */
interface RoundRunner {
  result: RuntimeResult;
  round(roundNumber: number, position: number): Promise<RoundResult>;
}

function peerRunner(inputs: BenchInputs, outDir: string): RoundRunner {
  const name = 'Python peer: sentence-transformers, fp32, CPU, batch 32';
  const result: RuntimeResult = { name, dtype: 'fp32', load_ms_cold: null, load_ms_warm: null, rounds: [] };
  if (!existsSync(PYTHON)) {
    const how =
      '.venv-py is missing: python3 -m venv .venv-py && .venv-py/bin/pip install -r scripts/requirements-model.txt';
    result.skipped = () => how;
  }
  return {
    result,
    async round(roundNumber, position) {
      const out = join(outDir, 'peer.tmp');
      await run(PYTHON, [
        join(ROOT, 'bench/peer/peer.py'),
        '--out',
        out,
        ...inputs.textFiles.values(),
        ...(inputs.windowFiles.size ? ['--windows', ...inputs.windowFiles.values()] : []),
      ]);
      const peer = await readJson<{
        load_ms_cold: number;
        load_ms_warm: number;
        torch_threads: number;
        sizes: SizeResult[];
      }>(out);
      result.note = `torch ${peer.torch_threads} threads; a fresh process each round; cold load includes importing sentence-transformers; peak = VmHWM`;
      return {
        round: roundNumber,
        position,
        load_ms_cold: peer.load_ms_cold,
        load_ms_warm: peer.load_ms_warm,
        sizes: peer.sizes,
      };
    },
  };
}

/** Runs a bench/node-runner.ts subcommand in its own process (so its RSS is its own) and reads its result. */
async function runNodeRunner<T>(command: string, args: string[], out: string): Promise<T> {
  await run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/node-runner.ts'), command, ...args, '--out', out]);
  return readJson<T>(out);
}

function nodeRunner(sizes: readonly number[], dtypeArgs: string[], outDir: string): RoundRunner {
  const result: RuntimeResult = {
    name: `Node: onnxruntime-node, CPU, batch ${defaultBatchSize('cpu')}`,
    dtype: 'not loaded',
    load_ms_cold: null,
    load_ms_warm: null,
    rounds: [],
    note: 'loadEmbedder + embed in a fresh child process each round; peak = its RSS sampled every 200 ms',
  };
  return {
    result,
    async round(roundNumber, position) {
      const node = await runNodeRunner<NodeEmbedResult>(
        'embed',
        ['--sizes', sizes.join(','), '--texts-dir', outDir, ...dtypeArgs],
        join(outDir, 'node.tmp'),
      );
      result.dtype = node.dtype;
      result.name = `Node: onnxruntime-node, ${node.dtype}, CPU, batch ${defaultBatchSize('cpu')}`;
      return {
        round: roundNumber,
        position,
        load_ms_cold: node.load_ms_cold,
        load_ms_warm: node.load_ms_warm,
        sizes: node.sizes,
      };
    },
  };
}

/** The batch-size sweep in Node, after the rounds, in its own process. */
async function nodeSweep(sweep: BatchSweep, dtypeArgs: string[], outDir: string): Promise<BatchSweepResult[]> {
  const node = await runNodeRunner<NodeEmbedResult>(
    'embed',
    ['--sizes', '', '--sweep-batches', sweep.batches.join(','), '--sweep-jobs', String(sweep.jobs), ...dtypeArgs],
    join(outDir, 'node-sweep.tmp'),
  );
  return node.sweep;
}

function runCache(jobs: number, dtypeArgs: string[], outDir: string): Promise<NodeCacheResult> {
  return runNodeRunner<NodeCacheResult>('cache', ['--jobs', String(jobs), ...dtypeArgs], join(outDir, 'cache.tmp'));
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
  /** Windows read per text, when the texts were read whole. */
  windowCounts: number[];
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
      const windowCounts = output.windowCounts ?? [];
      return { ms, count: output.vectors.length, windowCounts, device, dtype, loadMs, loadBreakdown };
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
  /** What the engine in the page reports it loaded. */
  dtype: string;
}

async function timePageLoad(page: Page, navigate: () => Promise<unknown>): Promise<PageLoad> {
  const started = performance.now();
  await navigate();
  const { backend } = await waitForModel(page);
  const pageMs = Math.round(performance.now() - started);
  const probe = await embedInPage(page, ['warm-up']);
  return { pageMs, engineMs: probe.loadMs, breakdown: probe.loadBreakdown, backend, dtype: probe.dtype };
}

interface BrowserSession extends RoundRunner {
  chromium: string;
  loadProfile: TraceProfile | null;
  /** After the rounds: the batch-size sweep, the sampled embedding trace and the search timing. */
  finish(sweep: BatchSweep | null, profileJobs: number, searchSizes: readonly number[]): Promise<BrowserExtras>;
  close(): Promise<void>;
}

interface BrowserExtras {
  search: { vectors: number; top10_ms: number }[];
  embedProfile: TraceProfile | null;
}

interface BrowserOptions {
  baseURL: string;
  device: 'wasm' | 'webgpu';
  sizes: readonly number[];
  inputs: BenchInputs;
  /** Read the texts whole too (WASM); WebGPU on SwiftShader is too slow for it. */
  whole: boolean;
  /** --dtype, handed to the page; the row says so if the page ran another. */
  dtypeAsked?: string;
  webgpuMaxJobs?: number;
  warmReloads?: number;
}

/**
 * Opens the app in a fresh persistent profile, times a cold load and warm reloads (and, for WASM, traces one),
 * and keeps the page open for the rounds: the rounds then time embedding only, as a person's open tab would.
 */
async function openBrowser(options: BrowserOptions): Promise<BrowserSession> {
  const { baseURL, device, sizes, inputs, whole, dtypeAsked, webgpuMaxJobs = 100, warmReloads = 3 } = options;
  // A persistent profile, as a person's browser has: the HTTP cache, V8's code cache for the wasm and
  // Cache Storage survive a reload (an incognito-like context keeps none of the 23-27 MB files).
  const profileDir = mkdtempSync(join(tmpdir(), 'careerpilot-bench-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: device === 'webgpu' ? [...CHROMIUM_ARGS, ...WEBGPU_ARGS] : CHROMIUM_ARGS,
    baseURL,
    // The offline service worker would precache ~19 MB during a timed first visit: measure the page alone.
    serviceWorkers: 'block',
  });
  // Playwright runs its driver in this process and spawns Chromium as our child: the renderer and GPU processes
  // under us are this browser's (one browser runs at a time; the peer and Node runners are not renderers).
  const sampler = browserRssSampler(process.pid);
  const close = async () => {
    sampler.stop();
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const url = `/?device=${device}${dtypeAsked ? `&dtype=${encodeURIComponent(dtypeAsked)}` : ''}`;
    const cold = await timePageLoad(page, () => page.goto(url));
    log(`${device}: cold: page ${cold.pageMs} ms, engine ${cold.engineMs} ms: ${cold.backend}`);
    const warms: PageLoad[] = [];
    for (let reload = 0; reload < warmReloads; reload++) {
      // Let the previous load's background work (V8 tiering up the wasm) finish, as it would between visits.
      await page.waitForTimeout(2000);
      warms.push(await timePageLoad(page, () => page.reload()));
    }
    const warm = [...warms].sort((a, b) => a.engineMs - b.engineMs)[Math.floor(warms.length / 2)] as PageLoad;
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
    await embedInPage(page, warmUpTexts());

    const version = context.browser()?.version() ?? 'unknown';
    const backend = warm.backend.match(/\((.*?)\)/)?.[1] ?? warm.dtype;
    const dtypeNote =
      dtypeAsked && warm.dtype !== dtypeAsked ? `--dtype ${dtypeAsked} was asked; the page chose ${warm.dtype}; ` : '';
    const result: RuntimeResult = {
      name:
        device === 'wasm'
          ? `Browser WASM: Chromium ${version}, ${backend}`
          : `Browser WebGPU (SwiftShader, CPU): ${backend}`,
      dtype: warm.dtype,
      load_ms_cold: cold.engineMs,
      load_ms_warm: warm.engineMs,
      page_ready_ms_cold: cold.pageMs,
      page_ready_ms_warm: warm.pageMs,
      load_breakdown_cold: cold.breakdown,
      load_breakdown_warm: warm.breakdown,
      rounds: [],
      note:
        dtypeNote +
        (device === 'wasm'
          ? 'loads timed before the rounds, the page kept open through them; '
          : 'not interleaved: one run after the rounds; ') +
        `load = the engine in the worker (files ${warm.breakdown.filesMs} ms + ONNX Runtime ${warm.breakdown.runtimeMs} ms warm); ` +
        `page to "Model ready" ${cold.pageMs} ms cold, ${warm.pageMs} ms warm (median of ${warmReloads} reloads, persistent profile); ` +
        'peak = renderer + GPU process RSS',
      skipped: (jobs) =>
        device === 'webgpu' && jobs > webgpuMaxJobs
          ? `skipped: SwiftShader runs WebGPU on the CPU (0.1 text/s or less at 256 word pieces); only sizes up to ${webgpuMaxJobs} jobs are run on it`
          : undefined,
    };

    return {
      result,
      chromium: version,
      loadProfile,
      async round(roundNumber, position) {
        const measured: SizeResult[] = [];
        for (const size of sizes) {
          const texts = inputs.texts.get(size) as string[];
          await sampler.reset();
          const cut = await embedInPage(page, texts);
          result.dtype = cut.dtype;
          const jobsPerS = size / (cut.ms / 1000);
          log(`${device}: ${size} jobs: ${jobsPerS.toFixed(1)} texts/s on ${cut.device}/${cut.dtype}`);
          const expected = whole ? inputs.windows.get(size) : undefined;
          let wholeResult: WholePostings | undefined;
          if (expected) {
            const read = await embedInPage(page, texts, undefined, true);
            // The page's engine must have made the windows the peer was given, or windows/s compares unlike work.
            const differs = read.windowCounts.findIndex((count, index) => count !== expected.counts[index]);
            if (differs >= 0 || read.windowCounts.length !== size) {
              throw new Error(`text ${differs}: the page made other windows than the ones exported for the peer`);
            }
            const windows = expected.texts.length;
            wholeResult = { jobs_per_s: size / (read.ms / 1000), windows, windows_per_s: windows / (read.ms / 1000) };
            log(`${device}: ${size} jobs whole: ${wholeResult.jobs_per_s.toFixed(1)} jobs/s, ${windows} windows`);
          }
          measured.push({
            jobs: size,
            jobs_per_s: jobsPerS,
            peak_rss_mb: await sampler.peak(),
            ...(wholeResult ? { whole: wholeResult } : {}),
          });
        }
        return { round: roundNumber, position, load_ms_cold: null, load_ms_warm: null, sizes: measured };
      },
      async finish(sweep, profileJobs, searchSizes) {
        const swept: BatchSweepResult[] = [];
        if (sweep) {
          const texts = benchTexts(sweep.jobs);
          for (const batch of sweep.batches) {
            const timed = await embedInPage(page, texts, batch);
            const jobsPerS = sweep.jobs / (timed.ms / 1000);
            swept.push({ batch, jobs: sweep.jobs, jobs_per_s: jobsPerS });
            log(`${device}: batch ${batch}: ${jobsPerS.toFixed(1)} jobs/s on ${sweep.jobs} jobs`);
          }
        }
        result.sweep = swept;
        let embedProfile: TraceProfile | null = null;
        if (device === 'wasm' && profileJobs > 0) {
          const texts = benchTexts(profileJobs);
          embedProfile = await traceDuring(context, page, async () => void (await embedInPage(page, texts)), true);
          log(`${device}: traced (sampled) embedding of ${profileJobs} jobs: ${embedProfile.wall_ms} ms`);
        }
        const search: BrowserExtras['search'] = [];
        for (const vectors of searchSizes) {
          const timing = await page.evaluate((count) => {
            if (!window.careerpilotMatch?.benchSearch) throw new Error('no benchSearch: rebuild with npm run build');
            return window.careerpilotMatch.benchSearch(count, 5);
          }, vectors);
          search.push({ vectors, top10_ms: round(timing.top10_ms, 2) });
          log(`search: top-10 over ${vectors} vectors: ${timing.top10_ms.toFixed(1)} ms (median of 5)`);
        }
        return { search, embedProfile };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

// --------------------------------------------------------------------------------------------- reporting

function failed(name: string, dtype: string, why: string): RuntimeResult {
  return { name, dtype, load_ms_cold: null, load_ms_warm: null, rounds: [], skipped: () => why };
}

/** A measure of one size in each round (null where that round has none), rounded. */
function perRound(
  result: RuntimeResult | undefined,
  rounds: number,
  jobs: number,
  measure: (size: SizeResult) => number | undefined,
): (number | null)[] {
  return Array.from({ length: rounds }, (_, index) => {
    const size = result?.rounds.find((entry) => entry.round === index + 1)?.sizes.find((entry) => entry.jobs === jobs);
    const value = size ? measure(size) : undefined;
    return value === undefined ? null : value;
  });
}

const ratios = (own: (number | null)[], peer: (number | null)[]) =>
  own.map((value, index) => {
    const base = peer[index];
    return value === null || base === null || base === undefined ? null : value / base;
  });

const rounded = (values: (number | null)[], digits: number) =>
  values.map((value) => (value === null ? null : round(value, digits)));
const roundedMedian = (values: (number | null)[], digits: number) => {
  const value = median(values);
  return value === null ? null : round(value, digits);
};

function buildRows(sizes: number[], rounds: number, results: Partial<Record<Runtime, RuntimeResult>>): Row[] {
  const order: Runtime[] = ['browser-wasm', 'browser-webgpu', 'node', 'python-peer'];
  const rows: Row[] = [];
  for (const jobs of sizes) {
    const peer = results['python-peer'];
    const peerTexts = perRound(peer, rounds, jobs, (size) => size.jobs_per_s);
    const peerWindows = perRound(peer, rounds, jobs, (size) => size.whole?.windows_per_s);
    for (const runtime of order) {
      const result = results[runtime];
      if (!result) continue;
      const texts = perRound(result, rounds, jobs, (size) => size.jobs_per_s);
      const wholeJobs = perRound(result, rounds, jobs, (size) => size.whole?.jobs_per_s);
      const windows = perRound(result, rounds, jobs, (size) => size.whole?.windows_per_s);
      const textRatios = runtime === 'python-peer' ? [] : ratios(texts, peerTexts);
      const windowRatios = runtime === 'python-peer' ? [] : ratios(windows, peerWindows);
      const sizesMeasured = result.rounds.flatMap((entry) => entry.sizes.filter((size) => size.jobs === jobs));
      const errors = result.rounds
        .filter((entry) => entry.error)
        .map((entry) => `round ${entry.round}: ${entry.error}`);
      const cut = Math.max(0, ...sizesMeasured.map((size) => size.whole?.windows_truncated ?? 0));
      if (cut > 0) errors.push(`${cut} windows are longer than 256 word pieces for this tokenizer and were cut`);
      const notes = [
        sizesMeasured.length ? undefined : (result.skipped?.(jobs) ?? 'not measured'),
        ...errors,
        result.note,
      ].filter(Boolean);
      const loads = (pick: (entry: RoundResult) => number | null) => roundedMedian(result.rounds.map(pick), 0);
      rows.push({
        name: result.name,
        runtime,
        dtype: result.dtype,
        jobs,
        texts_per_s: roundedMedian(texts, 2),
        texts_per_s_rounds: rounded(texts, 2),
        ratio_to_peer: roundedMedian(textRatios, 2),
        ratio_to_peer_rounds: rounded(textRatios, 2),
        windows: sizesMeasured.find((size) => size.whole)?.whole?.windows ?? null,
        whole_jobs_per_s: roundedMedian(wholeJobs, 2),
        whole_jobs_per_s_rounds: rounded(wholeJobs, 2),
        windows_per_s: roundedMedian(windows, 2),
        windows_per_s_rounds: rounded(windows, 2),
        windows_ratio_to_peer: roundedMedian(windowRatios, 2),
        windows_ratio_to_peer_rounds: rounded(windowRatios, 2),
        load_ms_cold: result.load_ms_cold ?? loads((entry) => entry.load_ms_cold),
        load_ms_warm: result.load_ms_warm ?? loads((entry) => entry.load_ms_warm),
        peak_rss_mb: sizesMeasured.length ? Math.max(...sizesMeasured.map((size) => size.peak_rss_mb)) : null,
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

function ratiosOf(rows: Row[], runtime: Runtime): RatioToPeer[] {
  return rows
    .filter((row) => row.runtime === runtime)
    .map((row) => ({ jobs: row.jobs, median: row.ratio_to_peer, rounds: row.ratio_to_peer_rounds }));
}

function evaluateTargets(
  rows: Row[],
  search: { vectors: number; top10_ms: number }[],
  cache: { jobs: number; speedup: number } | null,
): Target[] {
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
    ...throughputTargets({ 'browser-wasm': ratiosOf(rows, 'browser-wasm'), node: ratiosOf(rows, 'node') }),
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
const roundsCell = (values: (number | null)[]) => values.map(cell).join(' / ');

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
  const interleaved = report.rows.filter((row) => row.runtime !== 'browser-webgpu');
  const roundHeads = Array.from({ length: report.rounds }, (_, index) => `r${index + 1}`).join(' / ');
  const lines = [
    `Machine: ${report.machine.model}, ${report.machine.cpus} CPUs, ${report.machine.memGb} GB; Node ${report.machine.node}; Chromium ${report.machine.chromium ?? '–'}; ${report.date}`,
    '',
    `Texts: generated postings (bench/jobs.ts), word pieces by the model's tokenizer (without [CLS]/[SEP]):`,
    '',
    '| texts | median | p10 | p90 | min | max | mean | share > 256 | windows a text |',
    '| ----: | -----: | --: | --: | --: | --: | ---: | ----------: | -------------: |',
    ...Object.values(report.lengths).map(
      (stats) =>
        `| ${stats.texts} | ${stats.median} | ${stats.p10} | ${stats.p90} | ${stats.min} | ${stats.max} | ${stats.mean} | ` +
        `${(stats.share_over_256 * 100).toFixed(1)}% | ${cell(stats.windows_per_text)} |`,
    ),
    '',
    `Rounds (the same texts for every runtime in a round): ${report.round_orders
      .map((order, index) => `${index + 1}: ${order.map((runtime) => RUNTIME_LABEL[runtime]).join(', ')}`)
      .join('; ')}.`,
    '',
    `**Cut at 256 word pieces** (texts/s; ${roundHeads}; × peer = this round's texts/s over the peer's in the same round):`,
    '',
    `| jobs | runtime | dtype | texts/s ${roundHeads} | texts/s median | × peer ${roundHeads} | × peer median |`,
    '| ---: | ------- | ----- | ------: | ------: | ------: | ------: |',
    ...report.rows.map(
      (row) =>
        `| ${row.jobs} | ${row.runtime} | ${row.dtype} | ${roundsCell(row.texts_per_s_rounds)} | ${cell(row.texts_per_s)} | ` +
        `${row.runtime === 'python-peer' ? '1' : roundsCell(row.ratio_to_peer_rounds)} | ${row.runtime === 'python-peer' ? '1' : cell(row.ratio_to_peer)} |`,
    ),
    '',
    `**Whole postings** (the app's windows of up to 256 word pieces; the peer embeds the same window texts and pools them per posting):`,
    '',
    `| jobs | runtime | windows | jobs/s ${roundHeads} | jobs/s median | windows/s ${roundHeads} | windows/s median | windows/s × peer ${roundHeads} | × peer median |`,
    '| ---: | ------- | ------: | ------: | ------: | ------: | ------: | ------: | ------: |',
    ...interleaved
      .filter((row) => row.windows !== null)
      .map(
        (row) =>
          `| ${row.jobs} | ${row.runtime} | ${row.windows} | ${roundsCell(row.whole_jobs_per_s_rounds)} | ${cell(row.whole_jobs_per_s)} | ` +
          `${roundsCell(row.windows_per_s_rounds)} | ${cell(row.windows_per_s)} | ` +
          `${row.runtime === 'python-peer' ? '1' : roundsCell(row.windows_ratio_to_peer_rounds)} | ${row.runtime === 'python-peer' ? '1' : cell(row.windows_ratio_to_peer)} |`,
      ),
    '',
    '| jobs | runtime | load cold ms | load warm ms | peak RSS MB | note |',
    '| ---: | ------- | -----------: | -----------: | ----------: | ---- |',
    ...report.rows.map(
      (row) =>
        `| ${row.jobs} | ${row.runtime} | ${cell(row.load_ms_cold)} | ${cell(row.load_ms_warm)} | ${cell(row.peak_rss_mb)} | ${cell(row.note)} |`,
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
  /** Word pieces of each size's texts (bench/jobs.ts) by the model's tokenizer, and windows a text. */
  lengths: Record<number, LengthStats>;
  /** Interleaved rounds, and the order the runtimes ran in each. */
  rounds: number;
  round_orders: Interleaved[][];
  rows: Row[];
  /** Each runtime's rounds as measured (per size), for anyone who wants more than the medians. */
  raw_rounds: Partial<Record<Runtime, RoundResult[]>>;
  search: { vectors: number; top10_ms: number }[];
  cache: { jobs: number; cold_ms: number; rerun_one_changed_ms: number; speedup: number } | null;
  /** jobs/s by batch size (browser WASM and Node, the same texts), after the rounds. */
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
  rounds: string;
  dtype?: string;
  wholeMaxJobs: string;
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
  .option('--sizes <list>', 'job counts, comma-separated', '100,1000')
  .option('--rounds <n>', 'interleaved rounds of peer, Node and browser WASM on the same texts', '2')
  .option('--dtype <dtype>', "Node's model dtype (default: the CLI's); also handed to the page as ?dtype=")
  .option('--whole-max-jobs <n>', 'sizes up to this are also read whole (windows) in every runtime', '1000')
  .option('--skip-webgpu', 'no WebGPU (SwiftShader) row')
  .option('--skip-peer', 'no sentence-transformers peer (ratios are null)')
  .option('--skip-browser', 'no browser rows and no search timing')
  .option('--skip-cache', 'no cache re-run measurement')
  .option(
    '--webgpu-max-jobs <n>',
    'largest size run on WebGPU (SwiftShader: ~30 s a text; loads are always timed)',
    '20',
  )
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
const rounds = Number(options.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`bad --rounds: ${options.rounds}`);
const wholeMaxJobs = Number(options.wholeMaxJobs);
if (!Number.isInteger(wholeMaxJobs) || wholeMaxJobs < 0)
  throw new Error(`bad --whole-max-jobs: ${options.wholeMaxJobs}`);
// Checked against the CLI's choices now, not after minutes of measuring.
const dtypeArgs = options.dtype ? ['--dtype', cliDtype(options.dtype)] : [];
const sweep: BatchSweep | null = options.sweepBatches
  ? { batches: options.sweepBatches.split(',').map(Number), jobs: Number(options.sweepJobs) }
  : null;
if (options.only !== undefined && options.only !== 'ui-scale') throw new Error(`bad --only: ${options.only}`);
const onlyUi = options.only === 'ui-scale';
const uiSizes = options.uiSizes ? options.uiSizes.split(',').map((size) => Number(size.trim())) : [];
if (uiSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`bad --ui-sizes: ${options.uiSizes}`);
const outDir = resolve(ROOT, options.out);
mkdirSync(outDir, { recursive: true });

const results: Partial<Record<Runtime, RuntimeResult>> = {};
let search: Report['search'] = [];
let chromiumVersion: string | null = null;
let cache: Report['cache'] = null;
let loadProfile: TraceProfile | null = null;
let embedProfile: TraceProfile | null = null;
let lengths: Report['lengths'] = {};
const roundOrders: Interleaved[][] = [];

if (!onlyUi) {
  log(`texts: ${sizes.join(', ')} postings, whole up to ${wholeMaxJobs}…`);
  const inputs = await prepareInputs(sizes, wholeMaxJobs, outDir);
  lengths = inputs.lengths;
  const runners = new Map<Interleaved, RoundRunner>();
  if (!options.skipPeer) {
    const peer = peerRunner(inputs, outDir);
    results['python-peer'] = peer.result;
    if (!peer.result.skipped) runners.set('python-peer', peer);
  }
  const node = nodeRunner(sizes, dtypeArgs, outDir);
  results.node = node.result;
  runners.set('node', node);
  let preview: { url: string; server: ChildProcess } | null = null;
  let browser: BrowserSession | null = null;
  try {
    if (!options.skipBrowser) {
      try {
        preview = await startPreview();
        log(`browser WASM on ${preview.url}: loads…`);
        browser = await openBrowser({
          baseURL: preview.url,
          device: 'wasm',
          sizes,
          inputs,
          whole: true,
          ...(options.dtype ? { dtypeAsked: options.dtype } : {}),
        });
        results['browser-wasm'] = browser.result;
        chromiumVersion = browser.chromium;
        loadProfile = browser.loadProfile;
        runners.set('browser-wasm', browser);
      } catch (error) {
        results['browser-wasm'] = failed('Browser WASM', 'not loaded', `failed: ${errorText(error)}`);
      }
    }

    const active = ROUND_ORDER.filter((runtime) => runners.has(runtime));
    for (let index = 0; index < rounds; index++) {
      // Rotated each round, so no runtime always runs first (cool CPU) or last (after the others' heat and memory).
      const order = active.map((_, position) => active[(position + index) % active.length] as Interleaved);
      roundOrders.push(order);
      log(`round ${index + 1} of ${rounds}: ${order.map((runtime) => RUNTIME_LABEL[runtime]).join(', ')}`);
      for (const [position, runtime] of order.entries()) {
        const runner = runners.get(runtime) as RoundRunner;
        try {
          runner.result.rounds.push(await runner.round(index + 1, position + 1));
        } catch (error) {
          log(`${RUNTIME_LABEL[runtime]}, round ${index + 1}: failed: ${errorText(error)}`);
          runner.result.rounds.push({
            round: index + 1,
            position: position + 1,
            load_ms_cold: null,
            load_ms_warm: null,
            sizes: [],
            error: `failed: ${errorText(error)}`,
          });
        }
      }
    }

    if (sweep) {
      log('node batch-size sweep…');
      try {
        node.result.sweep = await nodeSweep(sweep, dtypeArgs, outDir);
      } catch (error) {
        log(`node sweep failed: ${errorText(error)}`);
      }
    }
    if (!options.skipCache) {
      log('cache re-run…');
      try {
        const cached = await runCache(Number(options.cacheJobs), dtypeArgs, outDir);
        cache = {
          jobs: cached.jobs,
          cold_ms: cached.cold_ms,
          rerun_one_changed_ms: cached.rerun_one_changed_ms,
          speedup: round(cached.cold_ms / Math.max(cached.rerun_one_changed_ms, 0.1), 1),
        };
      } catch (error) {
        log(`cache measurement failed: ${errorText(error)}`);
      }
    }
    if (browser) {
      try {
        const extras = await browser.finish(
          sweep,
          Number(options.profileJobs),
          options.searchSizes.split(',').map(Number),
        );
        search = extras.search;
        embedProfile = extras.embedProfile;
      } catch (error) {
        log(`browser sweep, trace or search failed: ${errorText(error)}`);
      }
      await browser.close();
      browser = null;
    }
    if (preview && !options.skipWebgpu) {
      log('browser WebGPU (SwiftShader), after the rounds, cut at 256 only…');
      const maxJobs = Number(options.webgpuMaxJobs);
      const gpuSizes = sizes.filter((size) => size <= maxJobs);
      try {
        const gpu = await openBrowser({
          baseURL: preview.url,
          device: 'webgpu',
          sizes: gpuSizes,
          inputs,
          whole: false,
          webgpuMaxJobs: maxJobs,
        });
        try {
          gpu.result.rounds.push(await gpu.round(1, 1));
          results['browser-webgpu'] = gpu.result;
        } finally {
          await gpu.close();
        }
      } catch (error) {
        results['browser-webgpu'] = failed('Browser WebGPU (SwiftShader)', 'fp32', `failed: ${errorText(error)}`);
      }
    }
  } finally {
    if (browser) await browser.close();
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
  const rows = buildRows(sizes, rounds, results);
  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model.trim() ?? 'unknown',
      memGb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      chromium: chromiumVersion,
    },
    lengths,
    rounds,
    round_orders: roundOrders,
    rows,
    raw_rounds: Object.fromEntries(
      Object.entries(results).map(([runtime, result]) => [runtime, result.rounds]),
    ) as Report['raw_rounds'],
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
