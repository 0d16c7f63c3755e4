import { BUNDLED_MODEL, type ModelSpec } from '../core/models';
import type { Device, ModelDtype } from './types';

export interface BrowserCapabilities {
  /** null when no WebGPU adapter could be had. */
  webgpu: { shaderF16: boolean } | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

export interface DeviceChoice {
  device: Device;
  dtype: ModelDtype;
  numThreads: number;
  reason: string;
}

/**
 * WebGPU when there is an adapter (fp16 only with shader-f16, int8 never: it gives wrong vectors on
 * WebGPU), otherwise WASM with one thread per core: int8 for a model with a parity-checked int8 file, fp32 for
 * the others. Threads need SharedArrayBuffer, which only a cross-origin isolated page has; the count is set
 * explicitly because ONNX Runtime would pick one thread on a 2-core machine.
 */
export function chooseDevice(
  caps: BrowserCapabilities,
  preference: DevicePreference = 'auto',
  model: ModelSpec = BUNDLED_MODEL,
): DeviceChoice {
  const threads = caps.crossOriginIsolated ? Math.max(1, caps.hardwareConcurrency) : 1;
  const wasm = (reason: string): DeviceChoice =>
    model.hasInt8
      ? { device: 'wasm', dtype: 'int8', numThreads: threads, reason }
      : {
          device: 'wasm',
          dtype: 'fp32',
          numThreads: threads,
          reason: `${reason}; fp32, because ${model.name} has no int8 file that keeps parity (slower than int8)`,
        };
  if (preference === 'wasm') return wasm('WASM was chosen in settings');
  if (!caps.webgpu) {
    return wasm(
      preference === 'webgpu' ? 'WebGPU was asked for, but this browser has no WebGPU adapter' : 'no WebGPU adapter',
    );
  }
  return caps.webgpu.shaderF16
    ? { device: 'webgpu', dtype: 'fp16', numThreads: threads, reason: 'WebGPU adapter with shader-f16' }
    : { device: 'webgpu', dtype: 'fp32', numThreads: threads, reason: 'WebGPU adapter without shader-f16' };
}
