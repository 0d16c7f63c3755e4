// Copies ONNX Runtime Web's wasm runtime into public/ort/ so the app serves it from its own origin.
// transformers.js would otherwise fetch it from a CDN, which breaks offline use and leaks the visit.
import { copyFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Resolve onnxruntime-web from transformers.js itself: its pinned version is the one that loads these files.
// (its package.json is not exported, so start from its main entry.)
const transformersRequire = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
const ortDist = (transformersRequire.resolve.paths('onnxruntime-web') ?? [])
  .map((dir) => join(dir, 'onnxruntime-web', 'dist'))
  .find((dir) => existsSync(dir));
if (!ortDist) throw new Error('onnxruntime-web is not installed: run npm install');
const target = join(root, 'public', 'ort');
// WebGPU needs the asyncify build (the one the webgpu bundle transformers.js imports would pick); WASM runs
// on the plain build, which is half the size and faster (src/embedding/engine.ts chooses per device).
const ORT_FILES = [
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
];

mkdirSync(target, { recursive: true });
for (const name of ORT_FILES) {
  const from = join(ortDist, name);
  const to = join(target, name);
  if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs)
    continue;
  copyFileSync(from, to);
}
console.log(`ONNX Runtime wasm files ready in public/ort/ (from ${ortDist})`);
