import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../core/jobs/job';
import { DB_NAME, DB_VERSION, describeStorageError, openLocalStore } from './indexeddb-store';
import type { LocalStore } from './local-store';

const job = (id: string, position: number): Job => ({
  id,
  title: `Job ${id}`,
  company: 'Acme',
  location: 'Remote',
  description: 'Build things',
  requirements: ['TypeScript'],
  record: position + 1,
  original: { id, title: `Job ${id}`, raw: { description: 'Build things', extra: { kept: true } } },
});

const vector = (seed: number) => Float32Array.from({ length: 384 }, (_, i) => Math.sin(seed + i));

let store: LocalStore | null = null;
afterEach(async () => {
  await store?.clear();
  store?.close();
  store = null;
});

describe('IndexedDB store', () => {
  it('keeps vectors, jobs (in order, with their original fields) and the profile across connections', async () => {
    store = await openLocalStore();
    expect(store.kind).toBe('indexeddb');
    await store.putVectors([
      { key: 'k1', vector: vector(1) },
      { key: 'k2', vector: vector(2) },
    ]);
    await store.saveJobs([job('b', 0), job('a', 1)]);
    await store.saveValue('profile', 'Python and React developer');
    store.close();

    store = await openLocalStore();
    const found = await store.getVectors(['k1', 'missing', 'k2']);
    expect([...found.keys()]).toEqual(['k1', 'k2']);
    expect(Array.from(found.get('k2') ?? [])).toEqual(Array.from(vector(2)));
    expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['b', 'a']);
    expect((await store.loadJobs())[0]?.original).toEqual(job('b', 0).original);
    expect(await store.loadValue('profile')).toBe('Python and React developer');
    expect(await store.countVectors()).toBe(2);
  });

  it('replaces the job list whole', async () => {
    store = await openLocalStore();
    await store.saveJobs([job('a', 0), job('b', 1), job('c', 2)]);
    await store.saveJobs([job('d', 0)]);
    expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['d']);
  });

  it('saves a batch of vectors whole or not at all', async () => {
    store = await openLocalStore();
    const notCloneable = (() => undefined) as unknown as Float32Array;
    await expect(
      store.putVectors([
        { key: 'good', vector: vector(1) },
        { key: 'bad', vector: notCloneable },
      ]),
    ).rejects.toThrow(/Nothing saved earlier was lost/);
    expect(await store.countVectors()).toBe(0);
  });

  it('clears everything on "Clear local data"', async () => {
    store = await openLocalStore();
    await store.putVectors([{ key: 'k', vector: vector(1) }]);
    await store.saveJobs([job('a', 0)]);
    await store.saveValue('profile', 'x');
    await store.clear();
    expect(await store.countVectors()).toBe(0);
    expect(await store.loadJobs()).toEqual([]);
    expect(await store.loadValue('profile')).toBeUndefined();
  });

  it('steps aside when another tab upgrades the database, and says so', async () => {
    const closed: string[] = [];
    store = await openLocalStore({ onClosed: (message) => closed.push(message) });
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(closed[0]).toMatch(/updated in another tab/);
    newer.close();
    // The old connection is gone; make a fresh one at the newer version for cleanup.
    store = null;
    const { deleteDB } = await import('idb');
    await deleteDB(DB_NAME);
  });
});

describe('storage errors', () => {
  it('explains a full disk in plain words', () => {
    const failure = describeStorageError(new DOMException('quota', 'QuotaExceededError'), 'saving vectors');
    expect(failure.message).toMatch(
      /^Your browser's storage is full, so saving vectors failed\. Nothing saved earlier was lost/,
    );
  });
});
