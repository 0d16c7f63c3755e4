/**
 * Smoke test for the benchmark, kept out of `npm test` (Vitest only collects src/**) so CI stays short:
 *
 *   node --import tsx --test bench/bench.smoke.test.ts
 *
 * Checks the generated jobs (bench/jobs.ts, and bench/ui-scale.ts's uploads and seeded vectors) and runs the
 * Node measurement on 20 of them. `npm run bench:smoke` runs the whole harness (browser included) on 20 jobs,
 * and the UI-at-scale section on 200.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EMBEDDING_DIM } from '../src/core/vectors';
import { benchTexts, generateJobs } from './jobs';
import type { NodeEmbedResult } from './node-runner';
import { clusteredVectors, generateUiJobs } from './ui-scale';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

test('generated jobs are deterministic, and a smaller count is a prefix of a larger one', () => {
  assert.deepEqual(generateJobs(50), generateJobs(50));
  assert.deepEqual(benchTexts(100).slice(0, 20), benchTexts(20));
  assert.equal(new Set(generateJobs(100).map((job) => job.id)).size, 100);
});

test('lengths vary and many texts are long (well over 256 word pieces)', () => {
  const lengths = benchTexts(300).map((text) => text.split(/\s+/).length);
  const long = lengths.filter((words) => words > 300).length;
  assert.ok(long >= 60, `only ${long} of 300 texts have more than 300 words`);
  assert.ok(Math.min(...lengths) < 150, 'no short texts');
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

test('the Node runner embeds 20 jobs and reports throughput, load times and RSS', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'node.json');
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/node-runner.ts', 'embed', '--sizes', '20', '--out', out], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const result = JSON.parse(readFileSync(out, 'utf8')) as NodeEmbedResult;
  assert.equal(result.sizes[0]?.jobs, 20);
  assert.ok((result.sizes[0]?.jobs_per_s ?? 0) > 0);
  assert.ok((result.sizes[0]?.peak_rss_mb ?? 0) > 50);
  assert.ok(result.load_ms_cold > 0 && result.load_ms_warm > 0);
});
