// onnxruntime-web (WASM, 2 threads) under Node with the ORT profiler on; ORT prints the trace events to
// stdout. 1 warm-up + 3 profiled runs of batch 8 x 256 word pieces. Summarised by profile_wasm.py.
//   node bench/w8a8/profile_wasm.mjs MODEL.onnx > trace.txt
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(repo, 'node_modules/onnxruntime-web/dist/');
const ort = await import(pathToFileURL(dist + 'ort.node.min.mjs').href);
ort.env.wasm.numThreads = 2;
ort.env.wasm.wasmPaths = {
  mjs: pathToFileURL(dist + 'ort-wasm-simd-threaded.mjs').href,
  wasm: pathToFileURL(dist + 'ort-wasm-simd-threaded.wasm').href,
};
const ids = JSON.parse(readFileSync('/tmp/w8a8/speed_inputs.json', 'utf8')).ids.slice(0, 8);
const [B, L] = [ids.length, ids[0].length];
const t = (f) => new ort.Tensor('int64', BigInt64Array.from(ids.flat().map(f)), [B, L]);
const feeds = { input_ids: t(BigInt), attention_mask: t(() => 1n), token_type_ids: t(() => 0n) };
const s = await ort.InferenceSession.create(readFileSync(process.argv[2]), {
  executionProviders: ['wasm'],
  enableProfiling: true,
});
for (let i = 0; i < 4; i++) await s.run(feeds);
s.endProfiling();
