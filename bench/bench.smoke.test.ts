/**
 * Smoke test for the benchmark, kept out of `npm test` (Vitest only collects src/**) so CI stays short:
 *
 *   node --import tsx --test bench/bench.smoke.test.ts
 *
 * Checks the generated postings (bench/jobs.ts: lengths by the model's tokenizer, variety, the windows given to
 * the peer), bench/ui-scale.ts's uploads and seeded vectors and the throughput targets, and runs the Node
 * measurement on 20 postings. `npm run bench:smoke` runs the whole harness (browser included) on 20 jobs in two
 * interleaved rounds, and the UI-at-scale section on 200.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EMBEDDING_DIM } from '../src/core/vectors';
import { cliDtype } from './dtype';
import { benchTexts, generateJobs } from './jobs';
import { lengthStats, loadTokenizer, windowTexts, wordPieces } from './lengths';
import type { NodeEmbedResult } from './node-runner';
import { throughputTargets } from './targets';
import { clusteredVectors, generateUiJobs } from './ui-scale';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

test('generated jobs are deterministic, and a smaller count is a prefix of a larger one', () => {
  assert.deepEqual(generateJobs(50), generateJobs(50));
  assert.deepEqual(benchTexts(100).slice(0, 20), benchTexts(20));
  assert.equal(new Set(generateJobs(100).map((job) => job.id)).size, 100);
});

test("postings are as long as real ones by the model's tokenizer: median 700-780 word pieces, > 90% over 256", async () => {
  const stats = lengthStats(wordPieces(await loadTokenizer(), benchTexts(1000)));
  assert.ok(stats.median >= 700 && stats.median <= 780, `median ${stats.median}`);
  assert.ok(stats.share_over_256 > 0.9, `share over 256: ${stats.share_over_256}`);
  assert.ok(stats.min <= 200 && stats.max >= 1300 && stats.max <= 1700, `${stats.min}-${stats.max}`);
});

test('postings are varied: many fields, sections and bullet lists', () => {
  const texts = benchTexts(300);
  const titles = new Set(
    generateJobs(300).map((job) => job.title.replace(/^(Senior|Junior|Lead|Principal|Associate|Staff) /, '')),
  );
  assert.ok(titles.size >= 40, `${titles.size} distinct titles`);
  const bulleted = texts.filter((text) => text.split('\n').filter((line) => /^[-•*·] /.test(line)).length >= 5);
  assert.ok(bulleted.length > 150, `${bulleted.length} of 300 have bullet lists`);
  const sections = ['benefits', 'responsibilities', 'requirements', 'about'];
  for (const section of sections) {
    const having = texts.filter((text) => text.toLowerCase().includes(section)).length;
    assert.ok(having > 60, `${having} of 300 mention ${section}`);
  }
  assert.equal(new Set(texts).size, 300);
});

test("the exported windows are the app's: cut from each text, each at most 256 word pieces with [CLS]/[SEP]", async () => {
  const tokenizer = await loadTokenizer();
  const texts = benchTexts(60);
  const windows = windowTexts(tokenizer, texts);
  assert.equal(windows.counts.length, 60);
  assert.equal(
    windows.counts.reduce((sum, count) => sum + count, 0),
    windows.texts.length,
  );
  let first = 0;
  windows.counts.forEach((count, index) => {
    for (const window of windows.texts.slice(first, first + count)) assert.ok(texts[index]?.includes(window));
    first += count;
  });
  const longest = Math.max(...windows.texts.map((window) => tokenizer.encode(window).length));
  assert.ok(longest <= 256, `a window of ${longest} word pieces`);
});

test('the throughput targets are judged on the median of per-round ratios', () => {
  const [wasm, node] = throughputTargets({
    'browser-wasm': [{ jobs: 100, median: 1.05, rounds: [0.9, 1.2] }],
    node: [
      { jobs: 100, median: 3.2, rounds: [3.1, 3.3] },
      { jobs: 1000, median: 2.9, rounds: [2.8, 3.0] },
    ],
  });
  assert.equal(wasm?.met, true);
  assert.equal(node?.met, false);
  assert.match(node?.measured ?? '', /1000 jobs: \*\*2\.90x\*\* \(rounds 2\.80x, 3\.00x\)/);
});

test('UI-at-scale jobs are deterministic, and 50,000 of them fit under the 100 MB file limit', () => {
  assert.deepEqual(generateUiJobs(30), generateUiJobs(30));
  assert.deepEqual(generateUiJobs(50).jobs.slice(0, 30), generateUiJobs(30).jobs);
  const { jobs } = generateUiJobs(50_000);
  assert.equal(new Set(jobs.map((job) => job.id)).size, 50_000);
  const bytes = jobs.reduce((sum, job) => sum + Buffer.byteLength(JSON.stringify(job)) + 1, 0);
  assert.ok(bytes < 100 * 1024 * 1024, `${bytes} bytes`);
  const chars = jobs.map((job) => job.description.length);
  assert.ok(Math.min(...chars) >= 1400 && Math.max(...chars) <= 2300, `${Math.min(...chars)}-${Math.max(...chars)}`);
});

test('seeded vectors are unit length and closer within a field than across fields', () => {
  const { fields } = generateUiJobs(400);
  const vectors = clusteredVectors(fields);
  const at = (job: number) => vectors.subarray(job * EMBEDDING_DIM, (job + 1) * EMBEDDING_DIM);
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, d) => sum + value * (b[d] as number), 0);
  for (let job = 0; job < 400; job++) assert.ok(Math.abs(Math.sqrt(dot(at(job), at(job))) - 1) < 1e-4);
  let same = 0;
  let other = 0;
  for (let job = 1; job < 400; job++) {
    if (fields[job] === fields[0]) same = Math.max(same, dot(at(0), at(job)));
    else other = Math.max(other, dot(at(0), at(job)));
  }
  assert.ok(same > other, `same field ${same}, other fields ${other}`);
});

test("the Node runner embeds 20 jobs cut and whole, in the windows exported for the peer, with the CLI's dtype", () => {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'node.json');
  // Without --texts-dir the runner makes the texts and windows itself, then fails if the engine's windows differ.
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/node-runner.ts', 'embed', '--sizes', '20', '--out', out], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const result = JSON.parse(readFileSync(out, 'utf8')) as NodeEmbedResult;
  assert.equal(result.dtype, cliDtype());
  assert.equal(result.sizes[0]?.jobs, 20);
  assert.ok((result.sizes[0]?.jobs_per_s ?? 0) > 0);
  assert.ok((result.sizes[0]?.whole?.windows ?? 0) > 40, `${result.sizes[0]?.whole?.windows} windows`);
  assert.ok((result.sizes[0]?.whole?.windows_per_s ?? 0) > 0);
  assert.ok((result.sizes[0]?.peak_rss_mb ?? 0) > 50);
  assert.ok(result.load_ms_cold > 0 && result.load_ms_warm > 0);
});
