/**
 * Smoke test for the benchmark, kept out of `npm test` (Vitest only collects src/**) so CI stays short:
 *
 *   node --import tsx --test bench/bench.smoke.test.ts
 *
 * Checks the generated jobs and runs the Node measurement on 20 of them. `npm run bench:smoke` runs the
 * whole harness (browser included) on 20 jobs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { benchTexts, generateJobs } from './jobs';
import type { NodeEmbedResult } from './node-runner';

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
