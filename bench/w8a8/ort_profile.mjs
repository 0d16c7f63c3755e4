// ONNX Runtime's own profiler in onnxruntime-node (native) or onnxruntime-web (WASM, the app's plain SIMD
// threaded build) under Node: 1 warm-up + RUNS profiled runs of one batch; prints the trace events (one JSON
// object per line) on stdout. Summarised by profile_by_category.py.
//
//   node bench/w8a8/ort_profile.mjs --backend wasm|node --threads 2 --batch 8 --runs 3 [--opt all]
//        [--config key=value,...] [--inputs /tmp/w8a8/speed_inputs.json] MODEL.onnx
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repo, 'package.json'));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const backend = opt('backend', 'wasm');
const threads = Number(opt('threads', '2'));
const batch = Number(opt('batch', '8'));
const runs = Number(opt('runs', '3'));
const model = argv[argv.length - 1];
const extra = {};
for (const kv of (opt('config', '') || '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  extra[k] = v;
}

const ids = JSON.parse(readFileSync(opt('inputs', '/tmp/w8a8/speed_inputs.json'), 'utf8')).ids.slice(0, batch);
const [B, L] = [ids.length, ids[0].length];
if (!ids.every((r) => r.length === L)) throw new Error('rows of unequal length');

let ort;
let dir;
const options = { graphOptimizationLevel: opt('opt', 'all'), enableProfiling: true };
if (Object.keys(extra).length) options.extra = extra; // flat "a.b.c": value session config entries
if (backend === 'node') {
  ort = require('onnxruntime-node');
  dir = mkdtempSync(path.join(os.tmpdir(), 'ortprof-'));
  Object.assign(options, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    profileFilePrefix: path.join(dir, 'p'),
  });
} else {
  const dist = path.join(repo, 'node_modules/onnxruntime-web/dist/');
  ort = await import(pathToFileURL(dist + 'ort.node.min.mjs').href);
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  ort.env.wasm.wasmPaths = {
    mjs: pathToFileURL(dist + 'ort-wasm-simd-threaded.mjs').href,
    wasm: pathToFileURL(dist + 'ort-wasm-simd-threaded.wasm').href,
  };
  options.executionProviders = ['wasm'];
}
const t = (f) => new ort.Tensor('int64', BigInt64Array.from(ids.flat().map(f)), [B, L]);
const feeds = { input_ids: t(BigInt), attention_mask: t(() => 1n), token_type_ids: t(() => 0n) };
const s = await ort.InferenceSession.create(readFileSync(model), options);
const wall = [];
for (let i = 0; i <= runs; i++) {
  const t0 = performance.now();
  await s.run(feeds);
  wall.push(performance.now() - t0);
}
s.endProfiling(); // WASM: ORT prints the events on stdout here
if (backend === 'node') {
  await s.release();
  const f = readdirSync(dir).find((n) => n.endsWith('.json'));
  if (!f || !existsSync(path.join(dir, f))) throw new Error('no profile file');
  for (const e of JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) process.stdout.write(JSON.stringify(e) + '\n');
  rmSync(dir, { recursive: true });
}
// exit only once everything written to the (piped, asynchronous) stdout is flushed
process.stdout.write(`WALL_MS ${JSON.stringify(wall)}\n`, () => process.exit(0));
