import { describe, expect, it } from 'vitest';
import { dropOutdatedBundledCaches, forgetCachedModel, modelCacheNames } from './model-cache';

// Node has no Cache Storage; this stands in for the browser's, holding only request URLs per cache.
function cacheStorageWith(
  names: string[],
  urls: Record<string, string[]> = {},
): CacheStorage & { names: Set<string>; urls: Record<string, string[]> } {
  const held = new Set(names);
  const cacheNamed = (name: string) =>
    ({
      keys: async () => (urls[name] ?? []).map((url) => new Request(url)),
      delete: async (request: Request) => {
        urls[name] = (urls[name] ?? []).filter((url) => url !== request.url);
        return true;
      },
    }) as unknown as Cache;
  return {
    names: held,
    urls,
    keys: async () => [...held],
    delete: async (name: string) => held.delete(name),
    has: async (name: string) => held.has(name),
    open: async (name: string) => cacheNamed(name),
    match: async () => undefined,
  };
}

describe('model caches', () => {
  it('names the bundled model cache after its version and keeps downloads in the default cache', () => {
    expect(modelCacheNames('abc123')).toEqual({
      bundled: 'careerpilot-bundled-model-abc123',
      downloads: 'transformers-cache',
    });
  });

  it('drops bundled-model caches of other versions and leaves downloads and other caches alone', async () => {
    const storage = cacheStorageWith([
      'careerpilot-bundled-model-old1',
      'careerpilot-bundled-model-new2',
      'transformers-cache',
      'someone-else',
    ]);
    const dropped = await dropOutdatedBundledCaches(storage, modelCacheNames('new2'));
    expect(dropped).toEqual(['careerpilot-bundled-model-old1']);
    expect([...storage.names]).toEqual(['careerpilot-bundled-model-new2', 'transformers-cache', 'someone-else']);
  });

  it("forgets one model's cached files after a failed load, and keeps the other models", async () => {
    const storage = cacheStorageWith(['transformers-cache'], {
      'transformers-cache': [
        'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx',
        'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/config.json',
        'https://huggingface.co/Xenova/all-mpnet-base-v2/resolve/main/config.json',
      ],
    });
    expect(await forgetCachedModel(storage, 'transformers-cache', 'Xenova/bge-small-en-v1.5')).toBe(2);
    expect(storage.urls['transformers-cache']).toEqual([
      'https://huggingface.co/Xenova/all-mpnet-base-v2/resolve/main/config.json',
    ]);
    expect(await forgetCachedModel(storage, 'no-such-cache', 'Xenova/bge-small-en-v1.5')).toBe(0);
  });
});
