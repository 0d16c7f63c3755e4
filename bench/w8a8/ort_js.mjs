// Times (and optionally dumps embeddings of) ONNX models in onnxruntime-node or onnxruntime-web (WASM)
// under Node. Standalone: only the two runtimes from node_modules, no app code.
//
//   node bench/w8a8/ort_js.mjs --backend node|wasm --threads 2 --inputs /tmp/w8a8/speed_inputs.json \
//        --batches 4,8 --texts 16 --rounds 9 [--no-spin] LABEL=PATH ...  -> one JSON line per model on stdout
//        (texts/s of every round, wall clock and per CPU-second)
//   node bench/w8a8/ort_js.mjs --backend wasm --embed /tmp/w8a8/parity_inputs.json --out OUT.json LABEL=PATH
//
// speed inputs: {"ids": [[...256 ids...], ...]} (every row full length, mask 1, token types 0).
// embed inputs: {"batches": [[[ids...], ...], ...]} padded here with 0 / mask 0; mean pooling + L2 norm.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(path.join(repo, 'package.json'));

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const backend = opt('backend', 'node');
const threads = Number(opt('threads', '2'));
const models = argv.filter((a) => /^[^-][^=]*=.+\.onnx$/.test(a));

let ort;
if (backend === 'node') {
  ort = require('onnxruntime-node');
} else {
  ort = await import(pathToFileURL(path.join(repo, 'node_modules/onnxruntime-web/dist/ort.node.min.mjs')).href);
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  const dist = path.join(repo, 'node_modules/onnxruntime-web/dist/');
  ort.env.wasm.wasmPaths = {
    mjs: pathToFileURL(dist + 'ort-wasm-simd-threaded.mjs').href,
    wasm: pathToFileURL(dist + 'ort-wasm-simd-threaded.wasm').href,
  };
}

const noSpin = argv.includes('--no-spin'); // idle pool threads sleep: CPU time then measures work

async function open(file) {
  const o =
    backend === 'node'
      ? { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 }
      : { executionProviders: ['wasm'] };
  if (noSpin) o.extra = { session: { intra_op: { allow_spinning: '0' } } };
  const t0 = performance.now();
  const s = await ort.InferenceSession.create(readFileSync(file), o);
  return { s, loadMs: performance.now() - t0 };
}

function feeds(rows) {
  const B = rows.length;
  const L = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(B * L);
  const mask = new BigInt64Array(B * L);
  rows.forEach((r, b) => r.forEach((v, j) => ((ids[b * L + j] = BigInt(v)), (mask[b * L + j] = 1n))));
  return {
    input_ids: new ort.Tensor('int64', ids, [B, L]),
    attention_mask: new ort.Tensor('int64', mask, [B, L]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(B * L), [B, L]),
  };
}

if (opt('embed')) {
  const inp = JSON.parse(readFileSync(opt('embed'), 'utf8'));
  const out = {};
  for (const spec of models) {
    const [label, file] = spec.split('=');
    const { s } = await open(file);
    const vecs = [];
    for (const rows of inp.batches) {
      const f = feeds(rows);
      const [B, L] = f.input_ids.dims;
      const h = (await s.run(f)).last_hidden_state.data;
      for (let b = 0; b < B; b++) {
        const v = new Float64Array(384);
        let n = 0;
        for (let j = 0; j < rows[b].length; j++, n++) for (let d = 0; d < 384; d++) v[d] += h[(b * L + j) * 384 + d];
        let norm = 0;
        for (let d = 0; d < 384; d++) norm += (v[d] / n) ** 2;
        norm = Math.sqrt(norm);
        vecs.push(Array.from(v, (x) => x / n / norm));
      }
    }
    out[label] = vecs;
    await s.release?.();
  }
  writeFileSync(opt('out'), JSON.stringify(out));
  process.exit(0);
}

const ids = JSON.parse(readFileSync(opt('inputs', '/tmp/w8a8/speed_inputs.json'), 'utf8')).ids;
const batches = opt('batches', '4,8').split(',').map(Number);
const texts = Number(opt('texts', '16'));
const rounds = Number(opt('rounds', '1'));
// all sessions open at once; each round times every model on every batch size, model order rotating,
// so that load from other processes on the host falls on all models alike
const sessions = [];
for (const spec of models) {
  const [label, file] = spec.split('=');
  const { s, loadMs } = await open(file);
  for (const b of batches) await s.run(feeds(ids.slice(0, b))); // warm-up
  sessions.push({ label, s, loadMs: Math.round(loadMs), wall: {}, cpu: {} });
}
for (let r = 0; r < rounds; r++) {
  const k = (r + Number(opt('rotate', '0'))) % sessions.length;
  for (const m of [...sessions.slice(k), ...sessions.slice(0, k)]) {
    for (const b of batches) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < texts; i += b) await m.s.run(feeds(ids.slice(i, i + b)));
      const c = process.cpuUsage(c0);
      (m.wall[b] ??= []).push(texts / ((performance.now() - t0) / 1000));
      (m.cpu[b] ??= []).push(texts / ((c.user + c.system) / 1e6));
    }
  }
}
for (const m of sessions) {
  console.log(JSON.stringify({ label: m.label, backend, threads, loadMs: m.loadMs, wall: m.wall, cpu: m.cpu }));
}
process.exit(0);
