import type { Job } from '../core/jobs/job';
import type { LocalStore, StoredValues, VectorEntry } from './local-store';

/** The fallback when IndexedDB is unavailable: works for this visit, keeps nothing after it. */
export function createMemoryStore(notice?: string): LocalStore {
  const vectors = new Map<string, Float32Array>();
  let jobs: Job[] = [];
  const values = new Map<keyof StoredValues, StoredValues[keyof StoredValues]>();
  return {
    kind: 'memory',
    ...(notice ? { notice } : {}),
    async getVectors(keys) {
      const found = new Map<string, Float32Array>();
      for (const key of keys) {
        const vector = vectors.get(key);
        if (vector) found.set(key, vector);
      }
      return found;
    },
    async putVectors(entries: readonly VectorEntry[]) {
      for (const { key, vector } of entries) vectors.set(key, vector);
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
    close() {},
  };
}
