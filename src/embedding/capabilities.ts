import type { BrowserCapabilities } from './device-choice';

/** What this browser offers the model: a WebGPU adapter (and shader-f16), threads. */
export async function detectCapabilities(): Promise<BrowserCapabilities> {
  let webgpu: BrowserCapabilities['webgpu'] = null;
  try {
    const adapter = 'gpu' in navigator ? await navigator.gpu.requestAdapter() : null;
    if (adapter) webgpu = { shaderF16: adapter.features.has('shader-f16') };
  } catch {
    webgpu = null; // A broken WebGPU stack is the same as none: WASM it is.
  }
  return {
    webgpu,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
  };
}
