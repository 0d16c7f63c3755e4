import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../core/jobs/job';
import { UserErrorThrown } from '../core/user-error';
import { DB_NAME, DB_VERSION, openLocalStore, type StoreEvents } from './indexeddb-store';
import { DAY_MS, DEFAULT_VECTOR_CACHE_POLICY, type LocalStore, type StoreChange } from './local-store';

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
const entries = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}`, vector: vector(i) }));

const START = Date.UTC(2026, 0, 1);
/** Sets the clock the store reads to `days` after START. */
const onDay = (days: number) => vi.spyOn(Date, 'now').mockReturnValue(START + days * DAY_MS);

const opened: LocalStore[] = [];
async function openStore(events?: StoreEvents): Promise<LocalStore> {
  const store = await openLocalStore(events);
  opened.push(store);
  return store;
}

/** A reload: this connection goes, a new one opens on the same database. */
async function reopen(store: LocalStore): Promise<LocalStore> {
  store.close();
  return openStore();
}

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
};

beforeEach(() => {
  // Every test starts from a browser that has never seen the app.
  globalThis.indexedDB = new IDBFactory() as unknown as typeof indexedDB;
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.restoreAllMocks();
});

describe('IndexedDB store', () => {
  it('keeps vectors, jobs (in order, with their original fields) and the profile across connections', async () => {
    let store = await openStore();
    expect(store.kind).toBe('indexeddb');
    await store.putVectors([
      { key: 'k1', vector: vector(1) },
      { key: 'k2', vector: vector(2) },
    ]);
    await store.saveJobs([job('b', 0), job('a', 1)]);
    await store.saveValue('profile', 'Python and React developer');

    store = await reopen(store);
    const found = await store.getVectors(['k1', 'missing', 'k2']);
    expect([...found.keys()]).toEqual(['k1', 'k2']);
    expect(Array.from(found.get('k2') ?? [])).toEqual(Array.from(vector(2)));
    expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['b', 'a']);
    expect((await store.loadJobs())[0]?.original).toEqual(job('b', 0).original);
    expect(await store.loadValue('profile')).toBe('Python and React developer');
    expect(await store.countVectors()).toBe(2);
  });

  it('replaces the job list whole', async () => {
    const store = await openStore();
    await store.saveJobs([job('a', 0), job('b', 1), job('c', 2)]);
    await store.saveJobs([job('d', 0)]);
    expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['d']);
  });

  it('keeps the order of a list longer than one slice, and replaces it whole with a shorter one', async () => {
    let store = await openStore();
    await store.saveJobs(Array.from({ length: 620 }, (_, position) => job(`long-${position}`, position)));
    await store.saveJobs(Array.from({ length: 260 }, (_, position) => job(`next-${position}`, position)));
    store = await reopen(store);
    const loaded = await store.loadJobs();
    expect(loaded.map((item) => item.id)).toEqual(Array.from({ length: 260 }, (_, position) => `next-${position}`));
  });

  it('saves a batch of vectors whole or not at all, and says what was not saved', async () => {
    const store = await openStore();
    const notCloneable = (() => undefined) as unknown as Float32Array;
    const error = await failure(
      store.putVectors([
        { key: 'good', vector: vector(1) },
        { key: 'bad', vector: notCloneable },
      ]),
    );
    expect(error).toBeInstanceOf(UserErrorThrown);
    expect((error as UserErrorThrown).error.code).toBe('storage-failed');
    expect((error as UserErrorThrown).message).toMatch(/the vectors of this batch were not saved/);
    expect(await store.countVectors()).toBe(0);
  });

  it('deletes the vectors it is told to (a vector that failed its check), and only those', async () => {
    let store = await openStore();
    await store.putVectors(entries('k', 3));
    await store.deleteVectors(['k-1', 'never-stored']);
    store = await reopen(store);
    expect([...(await store.getVectors(['k-0', 'k-1', 'k-2'])).keys()]).toEqual(['k-0', 'k-2']);
    expect(await store.countVectors()).toBe(2);
  });

  it('clears everything on "Clear local data", for good', async () => {
    let store = await openStore();
    await store.putVectors(entries('k', 5));
    await store.saveJobs([job('a', 0)]);
    await store.saveValue('profile', 'x');
    await store.saveValue('supabase', { url: 'https://example.supabase.co', key: 'sb_publishable_x' });
    await store.clear();
    store = await reopen(store);
    expect(await store.countVectors()).toBe(0);
    expect(await store.loadJobs()).toEqual([]);
    expect(await store.loadValue('profile')).toBeUndefined();
    expect(await store.loadValue('supabase')).toBeUndefined();
  });

  it('steps aside when another tab upgrades the database, and says so, then and on the next save', async () => {
    const closed: string[] = [];
    const store = await openStore({ onClosed: (message) => closed.push(message) });
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(closed[0]).toMatch(/updated in another tab/);
    const error = await failure(store.saveValue('profile', 'x'));
    expect((error as UserErrorThrown).error.code).toBe('storage-failed');
    expect((error as UserErrorThrown).message).toMatch(/updated in another tab.*your profile was not saved/);
    newer.close();
    // A page of the older release opened now cannot use the newer database, and says so instead of failing.
    const older = await openStore();
    expect(older.kind).toBe('memory');
    expect(older.notice).toMatch(/newer version of CareerPilot Match saved data.*Reload the page/);
  });
});

/** Makes every put into the vectors store fail the way a full disk does; returns the undo. */
function fillDiskForVectors(how: 'put throws' | 'transaction aborts'): () => void {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  const aborting = new WeakSet<IDBTransaction>();
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name !== 'vectors') return put.apply(this, args);
    if (how === 'put throws') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const request = put.apply(this, args);
    const tx = this.transaction;
    if (!aborting.has(tx)) {
      aborting.add(tx);
      // As at commit in a browser: the transaction aborts with QuotaExceededError, its requests with AbortError.
      queueMicrotask(() => (tx as unknown as { _abort(name: string): void })._abort('QuotaExceededError'));
    }
    return request;
  };
  return () => {
    proto.put = put;
  };
}

/** Collects unhandled promise rejections while `run` runs, and a moment after. */
async function unhandledRejectionsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return unhandled;
}

describe('a full disk', () => {
  it.each(['put throws', 'transaction aborts'] as const)(
    'loses only the batch of vectors, never the jobs or the profile (%s)',
    async (how) => {
      let store = await openStore();
      await store.putVectors(entries('before', 2));
      let vectorError: unknown;
      const unhandled = await unhandledRejectionsDuring(async () => {
        const undo = fillDiskForVectors(how);
        try {
          // The upload: jobs, vectors and the profile saved together, as the page does.
          const [jobs, vectors, profile] = await Promise.allSettled([
            store.saveJobs([job('a', 0), job('b', 1)]),
            store.putVectors(entries('batch', 3)),
            store.saveValue('profile', 'Registered nurse, ICU'),
          ]);
          expect(jobs.status).toBe('fulfilled');
          expect(profile.status).toBe('fulfilled');
          expect(vectors.status).toBe('rejected');
          vectorError = (vectors as PromiseRejectedResult).reason;
        } finally {
          undo();
        }
      });
      expect(unhandled).toEqual([]);
      expect(vectorError).toBeInstanceOf(UserErrorThrown);
      expect((vectorError as UserErrorThrown).error).toEqual({
        code: 'storage-full',
        message: expect.stringMatching(
          /^Your browser's storage is full, so the vectors of this batch were not saved \(the jobs, your profile and the vectors saved before are kept.*Free disk space or use "Clear local data", then try again\.$/,
        ),
      });

      store = await reopen(store);
      expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['a', 'b']);
      expect(await store.loadValue('profile')).toBe('Registered nurse, ICU');
      expect([...(await store.getVectors(['before-0', 'before-1', 'batch-0'])).keys()]).toEqual([
        'before-0',
        'before-1',
      ]);
    },
  );

  it('says the disk is full when marking vectors as used fails, and loses none of them', async () => {
    let store = await openStore();
    onDay(0);
    await store.putVectors(entries('k', 3));
    onDay(2);
    let touchError: unknown;
    const unhandled = await unhandledRejectionsDuring(async () => {
      const undo = fillDiskForVectors('transaction aborts');
      try {
        touchError = await failure(store.touchVectors(['k-0', 'k-1']));
      } finally {
        undo();
      }
    });
    expect(unhandled).toEqual([]);
    expect((touchError as UserErrorThrown).error.code).toBe('storage-full');
    store = await reopen(store);
    expect(await store.countVectors()).toBe(3);
  });
});

/** A database as version 1 of the app left it, written with plain IndexedDB calls. */
function createVersion1Database(rows: Record<string, number>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('vectors');
      db.createObjectStore('jobs');
      db.createObjectStore('values');
      const tx = request.transaction as IDBTransaction;
      Object.entries(rows).forEach(([key, storedAt], i) =>
        tx.objectStore('vectors').put({ vector: vector(i), storedAt }, key),
      );
      tx.objectStore('jobs').put({ position: 0, job: job('kept', 0) }, 0);
      tx.objectStore('values').put('Nurse with ten years on the ward', 'profile');
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('upgrade from version 1', () => {
  it('keeps every vector, the jobs and the profile; old vectors count as used when they were stored', async () => {
    await createVersion1Database({ 'stored-long-ago': START, 'stored-lately': START + 20 * DAY_MS });
    onDay(35);
    const store = await openStore();
    expect(store.kind).toBe('indexeddb');
    expect(await store.countVectors()).toBe(2);
    expect([...(await store.getVectors(['stored-long-ago', 'stored-lately'])).keys()]).toHaveLength(2);
    expect((await store.loadJobs()).map((stored) => stored.id)).toEqual(['kept']);
    expect(await store.loadValue('profile')).toBe('Nurse with ten years on the ward');

    expect(await store.pruneVectors(DEFAULT_VECTOR_CACHE_POLICY, new Set())).toBe(1);
    expect([...(await store.getVectors(['stored-long-ago', 'stored-lately'])).keys()]).toEqual(['stored-lately']);
  });
});

describe('vector cache policy', () => {
  const keysLeft = async (store: LocalStore, keys: string[]) => [...(await store.getVectors(keys)).keys()];

  it('removes vectors unused for more than 30 days, except those in use', async () => {
    const store = await openStore();
    onDay(0);
    await store.putVectors(entries('old', 2));
    onDay(20);
    await store.putVectors(entries('recent', 1));
    onDay(31);
    expect(await store.pruneVectors(DEFAULT_VECTOR_CACHE_POLICY, new Set(['old-1']))).toBe(1);
    expect(await keysLeft(store, ['old-0', 'old-1', 'recent-0'])).toEqual(['old-1', 'recent-0']);
  });

  it('gets past many vectors in use that were last used at the same moment', { timeout: 10_000 }, async () => {
    const store = await openStore();
    onDay(0);
    const current = entries('current', 1200);
    await store.putVectors(current);
    onDay(1);
    await store.putVectors(entries('stale', 3));
    onDay(40);
    const inUse = new Set(current.map(({ key }) => key));
    expect(await store.pruneVectors(DEFAULT_VECTOR_CACHE_POLICY, inUse)).toBe(3);
    expect(await store.countVectors()).toBe(1200);
  });

  it('keeps a vector that was used lately, however long ago it was stored', async () => {
    const store = await openStore();
    onDay(0);
    await store.putVectors(entries('k', 2));
    onDay(25);
    await store.touchVectors(['k-0', 'never-stored']);
    onDay(40);
    expect(await store.pruneVectors(DEFAULT_VECTOR_CACHE_POLICY, new Set())).toBe(1);
    expect(await keysLeft(store, ['k-0', 'k-1'])).toEqual(['k-0']);
    expect(await store.countVectors()).toBe(1);
  });

  it('above the cap, removes the least recently used first, never one in use, in batches', async () => {
    const store = await openStore();
    onDay(0);
    await store.putVectors(entries('old', 600));
    onDay(1);
    await store.putVectors(entries('mid', 600));
    onDay(2);
    await store.putVectors(entries('new', 300));
    onDay(3);
    const touched = ['old-10', 'old-20', 'old-30'];
    await store.touchVectors(touched);
    const inUse = new Set(['old-1', 'old-599', 'mid-0']);

    expect(await store.pruneVectors({ maxAgeDays: 30, maxEntries: 1000 }, inUse)).toBe(500);
    expect(await store.countVectors()).toBe(1000);
    const old = entries('old', 600).map(({ key }) => key);
    const oldLeft = await keysLeft(store, old);
    // 600 old - 3 touched - 2 in use = 595 candidates, of which 500 went.
    expect(oldLeft).toHaveLength(100);
    expect(oldLeft).toEqual(expect.arrayContaining([...touched, 'old-1', 'old-599']));
    expect(
      await keysLeft(
        store,
        [...entries('mid', 600), ...entries('new', 300)].map(({ key }) => key),
      ),
    ).toHaveLength(900);

    // When the vectors in use alone pass the cap, they all stay.
    expect(await store.pruneVectors({ maxAgeDays: 30, maxEntries: 0 }, new Set(oldLeft))).toBe(900);
    expect((await keysLeft(store, oldLeft)).length).toBe(100);
  });
});

describe('changes from other tabs', () => {
  /** The next change `store` hears, or null if none comes within a while. */
  const nextChange = (store: LocalStore, ms = 1000) =>
    new Promise<StoreChange | null>((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(null);
      }, ms);
      const stop = store.onChange((change) => {
        clearTimeout(timer);
        stop();
        resolve(change);
      });
    });

  it('tells the other tab what changed, so it shows what is really stored; never echoes to the writer', async () => {
    const writer = await openStore();
    const reader = await openStore();
    const heardByWriter: StoreChange[] = [];
    writer.onChange((change) => heardByWriter.push(change));

    let heard = nextChange(reader);
    await writer.putVectors(entries('k', 66));
    expect(await heard).toEqual({ kind: 'vectors' });
    expect(await reader.countVectors()).toBe(66);

    heard = nextChange(reader);
    await writer.saveJobs([job('a', 0)]);
    expect(await heard).toEqual({ kind: 'jobs' });
    expect((await reader.loadJobs()).map((stored) => stored.id)).toEqual(['a']);

    heard = nextChange(reader);
    await writer.saveValue('profile', 'Data analyst');
    expect(await heard).toEqual({ kind: 'profile' });

    heard = nextChange(reader);
    await writer.clear();
    expect(await heard).toEqual({ kind: 'cleared' });
    expect(await reader.countVectors()).toBe(0);
    expect(await reader.loadJobs()).toEqual([]);

    // The reader's own writes reach the writer, not the reader itself.
    const heardByReader: StoreChange[] = [];
    const stop = reader.onChange((change) => heardByReader.push(change));
    heard = nextChange(writer);
    await reader.saveJobs([job('b', 0)]);
    expect(await heard).toEqual({ kind: 'jobs' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heardByReader).toEqual([]);
    expect(heardByWriter).toEqual([{ kind: 'jobs' }]);
    stop();
  });

  it('stops telling a listener once it unsubscribes or the store closes', async () => {
    const writer = await openStore();
    const reader = await openStore();
    const heard: StoreChange[] = [];
    reader.onChange((change) => heard.push(change))();
    const closedReader = await openStore();
    closedReader.onChange((change) => heard.push(change));
    closedReader.close();
    const witness = nextChange(reader);
    await writer.saveJobs([job('a', 0)]);
    expect(await witness).toEqual({ kind: 'jobs' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual([]);
  });
});
