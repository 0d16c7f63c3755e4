import { describe, expect, it } from 'vitest';
import { modelSpec, type ModelSpec } from '../core/models';
import { chooseDevice } from './device-choice';

const isolated = { crossOriginIsolated: true, hardwareConcurrency: 8 };

describe('chooseDevice', () => {
  it('uses WASM int8 on every core when there is no WebGPU adapter', () => {
    expect(chooseDevice({ webgpu: null, ...isolated })).toMatchObject({ device: 'wasm', dtype: 'int8', numThreads: 8 });
  });

  it('runs single-threaded when the page is not cross-origin isolated', () => {
    const choice = chooseDevice({ webgpu: null, crossOriginIsolated: false, hardwareConcurrency: 8 });
    expect(choice.numThreads).toBe(1);
  });

  it('uses fp16 on WebGPU only with shader-f16, fp32 otherwise, and never int8', () => {
    expect(chooseDevice({ webgpu: { shaderF16: true }, ...isolated })).toMatchObject({
      device: 'webgpu',
      dtype: 'fp16',
    });
    expect(chooseDevice({ webgpu: { shaderF16: false }, ...isolated })).toMatchObject({
      device: 'webgpu',
      dtype: 'fp32',
    });
  });

  it('honours a WASM preference even with a WebGPU adapter', () => {
    expect(chooseDevice({ webgpu: { shaderF16: true }, ...isolated }, 'wasm')).toMatchObject({
      device: 'wasm',
      dtype: 'int8',
    });
  });

  it('says why when WebGPU was asked for but is missing', () => {
    expect(chooseDevice({ webgpu: null, ...isolated }, 'webgpu').reason).toMatch(/no WebGPU adapter/);
  });

  it('runs a model without a parity-checked int8 file fp32 on WASM, and says so; WebGPU is unchanged', () => {
    const mpnet = modelSpec('Xenova/all-mpnet-base-v2') as ModelSpec;
    const choice = chooseDevice({ webgpu: null, ...isolated }, 'auto', mpnet);
    expect(choice).toMatchObject({ device: 'wasm', dtype: 'fp32', numThreads: 8 });
    expect(choice.reason).toContain('fp32, because all-mpnet-base-v2 has no int8 file');
    expect(chooseDevice({ webgpu: { shaderF16: true }, ...isolated }, 'auto', mpnet)).toMatchObject({
      device: 'webgpu',
      dtype: 'fp16',
    });
  });
});
