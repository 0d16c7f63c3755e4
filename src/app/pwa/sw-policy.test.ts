import { describe, expect, it } from 'vitest';
import {
  isSkipWaitingMessage,
  navigationDenylist,
  outdatedWebGpuRuntimeCaches,
  routeFor,
  webGpuRuntimeCacheName,
  withCrossOriginIsolation,
} from './sw-policy';

const scope = 'http://localhost:4173/';

describe('routeFor', () => {
  it('leaves every model file to the network and transformers.js, whatever its name', () => {
    for (const path of [
      'models/Xenova/all-MiniLM-L6-v2/onnx/model_int8.onnx',
      'models/Xenova/all-MiniLM-L6-v2/tokenizer.json',
      'models/Xenova/all-MiniLM-L6-v2/onnx/model_missing.onnx',
    ]) {
      expect(routeFor(new URL(path, scope), scope)).toBe('model');
    }
  });

  it('sends only the asyncify build to the WebGPU runtime cache; the plain build is precached', () => {
    expect(routeFor(new URL('ort/ort-wasm-simd-threaded.asyncify.wasm', scope), scope)).toBe('webgpu-runtime');
    expect(routeFor(new URL('ort/ort-wasm-simd-threaded.asyncify.mjs', scope), scope)).toBe('webgpu-runtime');
    expect(routeFor(new URL('ort/ort-wasm-simd-threaded.wasm', scope), scope)).toBe('default');
    expect(routeFor(new URL('assets/index-abc.js', scope), scope)).toBe('default');
  });

  it('honours a base path and ignores other origins', () => {
    const sub = 'https://example.org/match/';
    expect(routeFor(new URL('https://example.org/match/models/x/config.json'), sub)).toBe('model');
    expect(routeFor(new URL('https://example.org/models/x/config.json'), sub)).toBe('default');
    expect(routeFor(new URL('https://cdn.example.net/models/x/config.json'), scope)).toBe('default');
  });
});

describe('navigationDenylist', () => {
  it('keeps model and runtime paths away from the app page, and nothing else', () => {
    const denied = (path: string) => navigationDenylist(scope).some((pattern) => pattern.test(path));
    expect(denied('/models/Xenova/all-MiniLM-L6-v2/onnx/model_missing.onnx')).toBe(true);
    expect(denied('/ort/ort-wasm-simd-threaded.wasm')).toBe(true);
    expect(denied('/')).toBe(false);
    expect(denied('/jobs')).toBe(false);
    expect(navigationDenylist('https://example.org/a.b/')[0]?.test('/a.b/models/x')).toBe(true);
    expect(navigationDenylist('https://example.org/a.b/')[0]?.test('/axb/models/x')).toBe(false);
  });
});

describe('withCrossOriginIsolation', () => {
  it('returns a response that already has COOP and COEP as it is', () => {
    const response = new Response('x', {
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    });
    expect(withCrossOriginIsolation(response)).toBe(response);
  });

  it('adds the missing headers and keeps the status, the other headers and the body', async () => {
    const response = new Response('<!doctype html>', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html', 'Cross-Origin-Opener-Policy': 'same-origin' },
    });
    const isolated = withCrossOriginIsolation(response);
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(isolated.headers.get('Content-Type')).toBe('text/html');
    expect(isolated.status).toBe(200);
    expect(await isolated.text()).toBe('<!doctype html>');
  });

  it('leaves error responses alone', () => {
    const error = Response.error();
    expect(withCrossOriginIsolation(error)).toBe(error);
  });
});

describe('WebGPU runtime cache', () => {
  it('is named after the runtime build, and older builds are deleted, nothing else', () => {
    expect(webGpuRuntimeCacheName('abc')).toBe('careerpilot-ort-webgpu-abc');
    expect(
      outdatedWebGpuRuntimeCaches(
        [
          'careerpilot-ort-webgpu-old',
          'careerpilot-ort-webgpu-abc',
          'careerpilot-bundled-model-123',
          'transformers-cache',
          'workbox-precache-v2-http://localhost:4173/',
        ],
        'abc',
      ),
    ).toEqual(['careerpilot-ort-webgpu-old']);
  });
});

describe('isSkipWaitingMessage', () => {
  it("recognises workbox-window's message only", () => {
    expect(isSkipWaitingMessage({ type: 'SKIP_WAITING' })).toBe(true);
    for (const data of [null, undefined, 'SKIP_WAITING', { type: 'OTHER' }, 7]) {
      expect(isSkipWaitingMessage(data)).toBe(false);
    }
  });
});
