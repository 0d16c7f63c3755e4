import { afterEach, describe, expect, it, vi } from 'vitest';
import { storageEstimate } from './storage-estimate';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('storage estimate', () => {
  it("reports the browser's usage and quota", async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1_500_000, quota: 60_000_000_000 }) } });
    expect(await storageEstimate()).toEqual({ usage: 1_500_000, quota: 60_000_000_000 });
  });

  it('is null where there is no estimate, or it is refused', async () => {
    vi.stubGlobal('navigator', {});
    expect(await storageEstimate()).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({}) } });
    expect(await storageEstimate()).toBeNull();
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    });
    expect(await storageEstimate()).toBeNull();
  });
});
