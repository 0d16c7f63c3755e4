import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from '../../test/hub-mirror/server';
import { MODELS, modelSpec, type ModelSpec } from '../core/models';
import {
  downloadedModels,
  hubFileUrl,
  isModelDownloaded,
  probeDownloadSize,
  removeDownloadedModel,
} from './model-downloads';

const mpnet = modelSpec('Xenova/all-mpnet-base-v2') as ModelSpec;
let mirror: HubMirror;

beforeAll(async () => {
  mirror = await startHubMirror();
});
afterAll(async () => {
  await mirror?.close();
});

// Node has no Cache Storage: this one keeps responses per URL, as the browser's does for transformers.js.
function cacheStorageWith(name: string, entries: Record<string, number>): CacheStorage {
  const held = new Map(Object.entries(entries));
  const cache = {
    keys: async () => [...held.keys()].map((url) => new Request(url)),
    match: async (request: Request | string) => {
      const size = held.get(typeof request === 'string' ? request : request.url);
      return size === undefined ? undefined : new Response(null, { headers: { 'content-length': String(size) } });
    },
    delete: async (request: Request) => held.delete(request.url),
  } as unknown as Cache;
  return {
    has: async (cacheName: string) => cacheName === name,
    open: async () => cache,
    keys: async () => [name],
    delete: async () => true,
    match: async () => undefined,
  };
}

describe('downloaded models in the browser cache', () => {
  const hub = 'https://huggingface.co/';
  const files = {
    [hubFileUrl(hub, mpnet.id, 'config.json')]: 600,
    [hubFileUrl(hub, mpnet.id, 'tokenizer.json')]: 700_000,
    [hubFileUrl(hub, mpnet.id, 'tokenizer_config.json')]: 1_200,
    [hubFileUrl(hub, mpnet.id, 'onnx/model.onnx')]: 438_000_000,
    // Half a download of L12: not loadable offline.
    [hubFileUrl(hub, 'Xenova/all-MiniLM-L12-v2', 'config.json')]: 600,
  };

  it('lists each model with its bytes and the dtypes complete enough to load offline', async () => {
    const storage = cacheStorageWith('transformers-cache', files);
    expect(await downloadedModels(storage, 'transformers-cache', MODELS)).toEqual([
      { modelId: 'Xenova/all-MiniLM-L12-v2', bytes: 600, complete: [], hubUrl: hub },
      { modelId: mpnet.id, bytes: 438_701_800, complete: ['fp32'], hubUrl: hub },
    ]);
  });

  it('says a model loads without a download only for a dtype whose every file is there, from the hub it came from', async () => {
    const storage = cacheStorageWith('transformers-cache', files);
    expect(await isModelDownloaded(storage, 'transformers-cache', hub, mpnet.id, 'fp32')).toBe(true);
    expect(await isModelDownloaded(storage, 'transformers-cache', hub, mpnet.id, 'fp16')).toBe(false);
    expect(await isModelDownloaded(storage, 'transformers-cache', 'https://hf-mirror.com/', mpnet.id, 'fp32')).toBe(
      false,
    );
    expect(await isModelDownloaded(storage, 'transformers-cache', hub, 'Xenova/all-MiniLM-L12-v2', 'fp32')).toBe(false);
    expect(await isModelDownloaded(storage, 'another-cache', hub, mpnet.id, 'fp32')).toBe(false);
  });

  it('removes one model and leaves the others', async () => {
    const storage = cacheStorageWith('transformers-cache', files);
    expect(await removeDownloadedModel(storage, 'transformers-cache', mpnet.id)).toBe(4);
    expect((await downloadedModels(storage, 'transformers-cache', MODELS)).map((model) => model.modelId)).toEqual([
      'Xenova/all-MiniLM-L12-v2',
    ]);
  });
});

describe('the size of a download, before it starts', () => {
  it('is exact when the hub answers for every file', async () => {
    const bytes = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']
      .map((file) => statSync(join(DEFAULT_HUB_MIRROR_ROOT, mpnet.id, file)).size)
      .reduce((sum, size) => sum + size, 0);
    expect(await probeDownloadSize(mirror.url, mpnet, 'fp32')).toEqual({ bytes, exact: true });
    expect(mirror.requests.every((request) => request.method === 'HEAD')).toBe(true);
  });

  it('is the catalogue estimate when a file is missing or the hub cannot be reached', async () => {
    // The mirror has no fp16 files.
    expect(await probeDownloadSize(mirror.url, mpnet, 'fp16')).toEqual({ bytes: 220_000_000, exact: false });
    const unreachable: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await probeDownloadSize(mirror.url, mpnet, 'fp32', unreachable)).toEqual({
      bytes: 439_000_000,
      exact: false,
    });
  });
});
