import type { WindowsOfText } from '../core/windows';
import type { Job } from '../core/jobs/job';
import { DAY_MS, checkPolicy, type LocalStore, type StoredValues, type VectorEntry } from './local-store';

interface CachedVector {
  vector: Float32Array;
  windows?: WindowsOfText;
  usedAt: number;
}

/**
 * The fallback when IndexedDB is unavailable: works for this visit, keeps nothing after it. Nothing is shared
 * with other tabs, so there are no changes to hear from them.
 */
export function createMemoryStore(notice?: string): LocalStore {
  const vectors = new Map<string, CachedVector>();
  let jobs: Job[] = [];
  const values = new Map<keyof StoredValues, StoredValues[keyof StoredValues]>();
  return {
    kind: 'memory',
    ...(notice ? { notice } : {}),
    async getVectors(keys) {
      const found = new Map<string, Float32Array>();
      for (const key of keys) {
        const cached = vectors.get(key);
        if (cached) found.set(key, cached.vector);
      }
      return found;
    },
    async getWindows(keys) {
      const found = new Map<string, WindowsOfText>();
      for (const key of keys) {
        const windows = vectors.get(key)?.windows;
        if (windows) found.set(key, windows);
      }
      return found;
    },
    async putVectors(entries: readonly VectorEntry[]) {
      const now = Date.now();
      for (const { key, vector, windows } of entries)
        vectors.set(key, { vector, ...(windows ? { windows } : {}), usedAt: now });
    },
    async deleteVectors(keys) {
      for (const key of keys) vectors.delete(key);
    },
    async touchVectors(keys) {
      const now = Date.now();
      for (const key of keys) {
        const cached = vectors.get(key);
        if (cached) cached.usedAt = now;
      }
    },
    async pruneVectors(policy, inUse) {
      checkPolicy(policy);
      const cutoff = Date.now() - policy.maxAgeDays * DAY_MS;
      const excess = vectors.size - policy.maxEntries;
      let removed = 0;
      const oldestFirst = [...vectors].sort(([, a], [, b]) => a.usedAt - b.usedAt);
      for (const [key, { usedAt }] of oldestFirst) {
        if (usedAt >= cutoff && removed >= excess) break;
        if (inUse.has(key)) continue;
        vectors.delete(key);
        removed++;
      }
      return removed;
    },
    async countVectors() {
      return vectors.size;
    },
    async loadJobs() {
      return [...jobs];
    },
    async saveJobs(next) {
      jobs = [...next];
    },
    async loadValue(name) {
      return values.get(name) as StoredValues[typeof name] | undefined;
    },
    async saveValue(name, value) {
      values.set(name, value);
    },
    async clear() {
      vectors.clear();
      jobs = [];
      values.clear();
    },
    onChange() {
      return () => undefined;
    },
    close() {},
  };
}
