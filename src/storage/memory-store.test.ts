import { describe, expect, it } from 'vitest';
import { openLocalStore } from './indexeddb-store';

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
  });
});
