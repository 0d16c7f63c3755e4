import type { WindowsOfText } from '../core/windows';
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Job } from '../core/jobs/job';
import { openChangeFeed, type ChangeFeed } from './change-feed';
import {
  DAY_MS,
  checkPolicy,
  type LocalStore,
  type StoreChange,
  type StoredValues,
  type VectorEntry,
} from './local-store';
import { createMemoryStore } from './memory-store';
import { storageError, type StorageAction } from './storage-error';

export const DB_NAME = 'careerpilot-match';
/** 1: vectors, jobs, values. 2: vectors record usedAt, indexed, for the cache policy. */
export const DB_VERSION = 2;

/** Jobs copied into or out of IndexedDB per task: ~250 long postings take ~25 ms to copy. */
const JOBS_PER_SLICE = 250;

export const STORES = { vectors: 'vectors', jobs: 'jobs', values: 'values' } as const;
export const VECTOR_INDEXES = { usedAt: 'usedAt' } as const;

/** A touch within this long of the last use is skipped: the policy counts in days, and writes cost. */
const TOUCH_RESOLUTION_MS = 60 * 60 * 1000;
/** Index rows looked at per pruning transaction: short transactions, and never the whole cache in memory. */
const PRUNE_BATCH = 500;

interface StoredJob {
  position: number;
  job: Job;
}

/** A cached vector. Version 1 rows had no usedAt; the upgrade to 2 sets it to storedAt. */
interface StoredVector {
  vector: Float32Array;
  /** Since recipe v2, for job texts: the windows the vector pools (older rows have none, under other keys). */
  windows?: WindowsOfText;
  storedAt: number;
  usedAt: number;
}

interface CareerPilotDb extends DBSchema {
  /** Keyed by the vector cache key: model id + dtype + max tokens + text recipe + SHA-256 of the text. */
  [STORES.vectors]: { key: string; value: StoredVector; indexes: { [VECTOR_INDEXES.usedAt]: number } };
  [STORES.jobs]: { key: number; value: StoredJob };
  [STORES.values]: { key: string; value: unknown };
}

type Db = IDBPDatabase<CareerPilotDb>;

export interface StoreEvents {
  /** Another tab holds an older version open, so this one cannot upgrade until it closes. */
  onBlocked?: (message: string) => void;
  /** This tab's connection was closed to let another tab upgrade, or the browser killed it. */
  onClosed?: (message: string) => void;
}

type UpgradeTx = IDBPTransaction<CareerPilotDb, StoreNames<CareerPilotDb>[], 'versionchange'>;

async function upgrade(db: Db, oldVersion: number, tx: UpgradeTx): Promise<void> {
  // Each version adds to the one before; a fresh install runs every step.
  if (oldVersion < 1) {
    db.createObjectStore(STORES.vectors);
    db.createObjectStore(STORES.jobs);
    db.createObjectStore(STORES.values);
  }
  if (oldVersion < 2) {
    const vectors = tx.objectStore(STORES.vectors);
    vectors.createIndex(VECTOR_INDEXES.usedAt, 'usedAt');
    // Version 1 rows count as used when they were stored; one row at a time, however many there are.
    const now = Date.now();
    for (let cursor = await vectors.openCursor(); cursor; cursor = await cursor.continue()) {
      const row = cursor.value as Partial<StoredVector>;
      if (typeof row.usedAt === 'number') continue;
      const storedAt = typeof row.storedAt === 'number' ? row.storedAt : now;
      track(cursor.update({ ...row, storedAt, usedAt: storedAt } as StoredVector));
    }
  }
}

async function open(events: StoreEvents): Promise<Db> {
  return openDB<CareerPilotDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // The open call reports a failed upgrade; this promise would otherwise be left rejected and unhandled.
      track(tx.done);
      // idb ignores the promise: a failed step aborts the upgrade, so opening fails and nothing half-done lands.
      upgrade(db, oldVersion, tx).catch(() => {
        try {
          tx.abort();
        } catch {
          // Already aborted.
        }
      });
    },
    blocked() {
      events.onBlocked?.(
        'CareerPilot Match is open in another tab with an older version. Close that tab to finish updating local data.',
      );
    },
    blocking(_current, _blockedVersion, event) {
      // A newer version in another tab needs us out of the way: close rather than block it.
      (event.target as IDBDatabase).close();
      events.onClosed?.('CareerPilot Match was updated in another tab. Reload this page to keep using local data.');
    },
    terminated() {
      events.onClosed?.('The browser closed the local database unexpectedly. Reload the page to reconnect.');
    },
  });
}

/** Marks a request's rejection as handled here; whoever awaits it still sees it. */
function track<R>(request: Promise<R>): Promise<R> {
  request.catch(() => undefined);
  return request;
}

/** The error the transaction aborted with, if it did: the real cause behind the requests' AbortErrors. */
function abortCause(tx: { readonly error: DOMException | null }): DOMException | null {
  try {
    return tx.error;
  } catch {
    return null;
  }
}

/**
 * Runs `body` in `tx` and waits for the commit. Requests made in `body` go through `track`, so none is left
 * rejected and unhandled after an abort. If anything fails (a request, the commit, or `body` itself, even
 * synchronously as an uncloneable value does), the transaction is aborted, so none of its writes land, and what
 * is thrown is the transaction's own abort cause when it has one (a QuotaExceededError rather than the
 * AbortErrors it made the other requests fail with).
 */
async function transact<T>(
  tx: { abort(): void; done: Promise<void>; readonly error: DOMException | null },
  body: () => Promise<T>,
): Promise<T> {
  const done = track(tx.done);
  try {
    const result = await body();
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    throw abortCause(tx) ?? error;
  }
}

function indexedDbStore(db: Db, feed: ChangeFeed, closed: { reason: string | null }): LocalStore {
  /** Runs a storage call, turning any failure into words; announces `change` once it has committed. */
  async function guarded<T>(action: StorageAction, run: () => Promise<T>, change?: StoreChange): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      throw storageError(error, action, closed.reason);
    }
    if (change) feed.announce(change);
    return result;
  }

  function vectorsTx() {
    return db.transaction(STORES.vectors, 'readwrite');
  }

  return {
    kind: 'indexeddb',
    getVectors(keys) {
      return guarded('read', async () => {
        const tx = db.transaction(STORES.vectors, 'readonly');
        const rows = await transact(tx, () => Promise.all(keys.map((key) => track(tx.store.get(key)))));
        const found = new Map<string, Float32Array>();
        rows.forEach((row, index) => {
          if (row?.vector instanceof Float32Array) found.set(keys[index] as string, row.vector);
        });
        return found;
      });
    },
    getWindows(keys) {
      return guarded('read', async () => {
        const tx = db.transaction(STORES.vectors, 'readonly');
        const rows = await transact(tx, () => Promise.all(keys.map((key) => track(tx.store.get(key)))));
        const found = new Map<string, WindowsOfText>();
        rows.forEach((row, index) => {
          const windows = row?.windows;
          if (windows?.spans instanceof Uint32Array && windows.vectors instanceof Float32Array)
            found.set(keys[index] as string, windows);
        });
        return found;
      });
    },
    putVectors(entries: readonly VectorEntry[]) {
      if (!entries.length) return Promise.resolve();
      return guarded(
        'vectors',
        async () => {
          const tx = vectorsTx();
          const now = Date.now();
          await transact(tx, async () => {
            for (const { key, vector, windows } of entries)
              track(tx.store.put({ vector, ...(windows ? { windows } : {}), storedAt: now, usedAt: now }, key));
          });
        },
        { kind: 'vectors' },
      );
    },
    deleteVectors(keys) {
      if (!keys.length) return Promise.resolve();
      return guarded(
        'delete-vectors',
        async () => {
          const tx = vectorsTx();
          await transact(tx, async () => {
            for (const key of new Set(keys)) track(tx.store.delete(key));
          });
        },
        { kind: 'vectors' },
      );
    },
    touchVectors(keys) {
      if (!keys.length) return Promise.resolve();
      return guarded('touch-vectors', async () => {
        const tx = vectorsTx();
        const now = Date.now();
        await transact(tx, async () => {
          await Promise.all(
            [...new Set(keys)].map(async (key) => {
              const row = await track(tx.store.get(key));
              if (row && !(row.usedAt > now - TOUCH_RESOLUTION_MS))
                await track(tx.store.put({ ...row, usedAt: now }, key));
            }),
          );
        });
      });
    },
    async pruneVectors(policy, inUse) {
      checkPolicy(policy);
      // Batches that committed stay removed even if a later one fails: other tabs hear of them either way.
      let committed = 0;
      try {
        return await guarded('prune-vectors', async () => {
          const cutoff = Date.now() - policy.maxAgeDays * DAY_MS;
          // Past the age limit every row not in use goes; beyond it, only as many as bring the count to the cap.
          const counting = db.transaction(STORES.vectors, 'readonly');
          const excess = (await transact(counting, () => track(counting.store.count()))) - policy.maxEntries;
          let removed = 0;
          // Where the last batch stopped in the usedAt index (rows share a usedAt: the key breaks the tie).
          let after: { usedAt: number; key: string } | null = null;
          for (let more = true; more;) {
            const tx = vectorsTx();
            const index = tx.store.index(VECTOR_INDEXES.usedAt);
            more = await transact(tx, async () => {
              let cursor = await track(index.openKeyCursor(after ? IDBKeyRange.lowerBound(after.usedAt) : null));
              if (cursor && after && cursor.key === after.usedAt && cursor.primaryKey < after.key) {
                cursor = await track(cursor.continuePrimaryKey(after.usedAt, after.key));
              }
              if (cursor && after && cursor.key === after.usedAt && cursor.primaryKey === after.key) {
                cursor = await track(cursor.continue());
              }
              for (let looked = 0; cursor; looked++) {
                if (looked === PRUNE_BATCH) return true;
                const usedAt = cursor.key;
                if (usedAt >= cutoff && removed >= excess) return false;
                const key = cursor.primaryKey;
                if (!inUse.has(key)) {
                  track(tx.store.delete(key));
                  removed++;
                }
                after = { usedAt, key };
                cursor = await track(cursor.continue());
              }
              return false;
            });
            committed = removed;
          }
          return removed;
        });
      } finally {
        if (committed) feed.announce({ kind: 'vectors' });
      }
    },
    countVectors() {
      return guarded('read', () => {
        const tx = db.transaction(STORES.vectors, 'readonly');
        return transact(tx, () => track(tx.store.count()));
      });
    },
    loadJobs() {
      return guarded('read', async () => {
        const tx = db.transaction(STORES.jobs, 'readonly');
        const rows = await transact(tx, async () => {
          // Positions are the keys 0..n-1: read them a slice at a time, so each slice is decoded in its own
          // task (50,000 jobs decoded at once held the page for seconds).
          const all: { position: number; job: Job }[] = [];
          for (let start = 0; ; start += JOBS_PER_SLICE) {
            const slice = await track(tx.store.getAll(IDBKeyRange.bound(start, start + JOBS_PER_SLICE - 1)));
            all.push(...slice);
            if (slice.length < JOBS_PER_SLICE) return all;
          }
        });
        return rows.sort((a, b) => a.position - b.position).map((row) => row.job);
      });
    },
    saveJobs(jobs) {
      return guarded(
        'jobs',
        async () => {
          const tx = db.transaction(STORES.jobs, 'readwrite');
          await transact(tx, async () => {
            track(tx.store.clear());
            // put() copies its value at once: a slice at a time, awaiting the last, keeps each copy short and the
            // transaction alive (it stays active in the request's success callback).
            for (let start = 0; start < jobs.length; start += JOBS_PER_SLICE) {
              let last: Promise<unknown> = Promise.resolve();
              jobs
                .slice(start, start + JOBS_PER_SLICE)
                .forEach(
                  (job, offset) => (last = track(tx.store.put({ position: start + offset, job }, start + offset))),
                );
              await last;
            }
          });
        },
        { kind: 'jobs' },
      );
    },
    loadValue(name) {
      return guarded('read', async () => {
        const tx = db.transaction(STORES.values, 'readonly');
        return (await transact(tx, () => track(tx.store.get(name)))) as StoredValues[typeof name] | undefined;
      });
    },
    saveValue(name, value) {
      return guarded(
        name,
        async () => {
          const tx = db.transaction(STORES.values, 'readwrite');
          await transact(tx, async () => {
            track(tx.store.put(value, name));
          });
        },
        { kind: name },
      );
    },
    clear() {
      return guarded(
        'clear',
        async () => {
          const tx = db.transaction([STORES.vectors, STORES.jobs, STORES.values], 'readwrite');
          await transact(tx, async () => {
            for (const name of [STORES.vectors, STORES.jobs, STORES.values]) track(tx.objectStore(name).clear());
          });
        },
        { kind: 'cleared' },
      );
    },
    onChange(listener) {
      return feed.subscribe(listener);
    },
    close() {
      feed.close();
      db.close();
    },
  };
}

/**
 * Opens the local database, or falls back to memory (and says so) where IndexedDB is refused,
 * as in some private windows.
 */
export async function openLocalStore(events: StoreEvents = {}): Promise<LocalStore> {
  let db: Db;
  const closed: { reason: string | null } = { reason: null };
  let feed: ChangeFeed | null = null;
  const onClosed = (message: string) => {
    closed.reason = message;
    feed?.close();
    events.onClosed?.(message);
  };
  try {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    db = await open({ ...events, onClosed });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'VersionError') {
      // A newer release of the app upgraded the database (in another tab); this page is the older one.
      return createMemoryStore(
        'A newer version of CareerPilot Match saved data in this browser. Reload the page to use it; until then, nothing you do here is kept.',
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return createMemoryStore(
      `This browser does not let the app save data (${detail}): jobs and vectors are kept only until you close the page.`,
    );
  }
  feed = openChangeFeed(DB_NAME);
  return indexedDbStore(db, feed, closed);
}
