import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLocalStore } from './indexeddb-store';
import { DAY_MS, DEFAULT_VECTOR_CACHE_POLICY } from './local-store';
import { createMemoryStore } from './memory-store';

const vector = (seed: number) => Float32Array.from({ length: 384 }, (_, i) => Math.sin(seed + i));
const onDay = (days: number) => vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 1) + days * DAY_MS);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('memory fallback', () => {
  it('is used, and says so, where IndexedDB is unavailable', async () => {
    // This test file runs without fake-indexeddb: there is no indexedDB global, as in a locked-down private window.
    const store = await openLocalStore();
    expect(store.kind).toBe('memory');
    expect(store.notice).toMatch(/kept only until you close the page/);
    await store.putVectors([{ key: 'k', vector: new Float32Array(384) }]);
    await store.saveValue('profile', 'nurse');
    expect(await store.countVectors()).toBe(1);
    expect(await store.loadValue('profile')).toBe('nurse');
    await store.clear();
    expect(await store.countVectors()).toBe(0);
    expect(await store.loadValue('profile')).toBeUndefined();
  });

  it('deletes vectors it is told to', async () => {
    const store = createMemoryStore();
    await store.putVectors([
      { key: 'a', vector: vector(1) },
      { key: 'b', vector: vector(2) },
    ]);
    await store.deleteVectors(['a', 'missing']);
    expect([...(await store.getVectors(['a', 'b'])).keys()]).toEqual(['b']);
  });

  it('follows the same cache policy: age, then the cap by least recent use, never a vector in use', async () => {
    const store = createMemoryStore();
    onDay(0);
    await store.putVectors(['old', 'old-in-use', 'old-touched'].map((key, i) => ({ key, vector: vector(i) })));
    onDay(10);
    await store.putVectors(['b', 'c'].map((key, i) => ({ key, vector: vector(i) })));
    onDay(12);
    await store.putVectors([{ key: 'd', vector: vector(3) }]);
    onDay(20);
    await store.touchVectors(['old-touched', 'b']);
    onDay(35);
    // 'old' is past 30 days; then 5 remain over a cap of 4: the least recently used not in use ('c') goes.
    expect(await store.pruneVectors({ ...DEFAULT_VECTOR_CACHE_POLICY, maxEntries: 4 }, new Set(['old-in-use']))).toBe(
      2,
    );
    const left = await store.getVectors(['old', 'old-in-use', 'old-touched', 'b', 'c', 'd']);
    expect([...left.keys()]).toEqual(['old-in-use', 'old-touched', 'b', 'd']);
  });

  it('has no other tabs to hear from', () => {
    const store = createMemoryStore();
    const unsubscribe = store.onChange(() => undefined);
    expect(unsubscribe).toBeTypeOf('function');
    unsubscribe();
  });
});
