import { describe, expect, it } from 'vitest';
import { modelKeyString, sha256Hex, vectorCacheKey } from './hash';

const key = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 };

describe('hash', () => {
  it('gives the standard SHA-256 of the UTF-8 text', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('é')).toBe(await sha256Hex('\u00e9'));
    expect(await sha256Hex('é')).not.toBe(await sha256Hex('e\u0301'));
  });

  it('names model id, dtype, max tokens and text recipe in the model key', () => {
    expect(modelKeyString(key)).toBe('Xenova/all-MiniLM-L6-v2|int8|256|text-v2');
  });

  it('gives a different cache key when any part of the model key or the text differs', async () => {
    const base = await vectorCacheKey(key, 'hello');
    expect(base).toBe(`Xenova/all-MiniLM-L6-v2|int8|256|text-v2|${await sha256Hex('hello')}`);
    expect(await vectorCacheKey({ ...key, dtype: 'fp32' }, 'hello')).not.toBe(base);
    expect(await vectorCacheKey({ ...key, maxTokens: 128 }, 'hello')).not.toBe(base);
    expect(await vectorCacheKey(key, 'hello ')).not.toBe(base);
  });
});
