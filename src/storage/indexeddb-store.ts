import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Job } from '../core/jobs/job';
import { StorageFailure, type LocalStore, type StoredValues, type VectorEntry } from './local-store';
import { createMemoryStore } from './memory-store';

export const DB_NAME = 'careerpilot-match';
export const DB_VERSION = 1;

export const STORES = { vectors: 'vectors', jobs: 'jobs', values: 'values' } as const;

interface StoredJob {
  position: number;
  job: Job;
}

interface CareerPilotDb extends DBSchema {
  /** Keyed by the vector cache key: model id + dtype + max tokens + text recipe + SHA-256 of the text. */
  [STORES.vectors]: { key: string; value: { vector: Float32Array; storedAt: number } };
  [STORES.jobs]: { key: number; value: StoredJob };
  [STORES.values]: { key: string; value: unknown };
}

export interface StoreEvents {
  /** Another tab holds an older version open, so this one cannot upgrade until it closes. */
  onBlocked?: (message: string) => void;
  /** This tab's connection was closed to let another tab upgrade, or the browser killed it. */
  onClosed?: (message: string) => void;
}

/** Turns a failed transaction into words; QuotaExceededError is the usual cause: a full disk. */
export function describeStorageError(error: unknown, action: string): StorageFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new StorageFailure(
      `Your browser's storage is full, so ${action} failed. Nothing saved earlier was lost. Free some disk space or use "Clear local data", then try again.`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageFailure(
    `Saving on this device failed while ${action} (${detail}). Nothing saved earlier was lost.`,
    {
      cause: error,
    },
  );
}

async function open(events: StoreEvents): Promise<IDBPDatabase<CareerPilotDb>> {
  return openDB<CareerPilotDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each version adds to the one before; a fresh install runs every step.
      if (oldVersion < 1) {
        db.createObjectStore(STORES.vectors);
        db.createObjectStore(STORES.jobs);
        db.createObjectStore(STORES.values);
      }
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

type Track = (request: Promise<unknown>) => void;

/**
 * Runs every write of one transaction and waits for the commit; if any write fails (even synchronously,
 * as an uncloneable value does) the transaction is aborted, so none of it lands.
 */
async function allOrNothing(tx: { abort(): void; done: Promise<void> }, writes: (track: Track) => void): Promise<void> {
  const pending: Promise<unknown>[] = [];
  // Each request is awaited below; after an abort the rest reject too, and that is expected, not unhandled.
  const track: Track = (request) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  track(tx.done);
  try {
    writes(track);
    await Promise.all(pending);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    throw error;
  }
}

function indexedDbStore(db: IDBPDatabase<CareerPilotDb>): LocalStore {
  async function write(action: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw describeStorageError(error, action);
    }
  }
  return {
    kind: 'indexeddb',
    async getVectors(keys) {
      const tx = db.transaction(STORES.vectors, 'readonly');
      const rows = await Promise.all(keys.map((key) => tx.store.get(key)));
      await tx.done;
      const found = new Map<string, Float32Array>();
      rows.forEach((row, index) => {
        if (row) found.set(keys[index] as string, row.vector);
      });
      return found;
    },
    putVectors(entries: readonly VectorEntry[]) {
      return write('saving vectors', async () => {
        const tx = db.transaction(STORES.vectors, 'readwrite');
        const storedAt = Date.now();
        await allOrNothing(tx, (track) =>
          entries.forEach(({ key, vector }) => track(tx.store.put({ vector, storedAt }, key))),
        );
      });
    },
    countVectors() {
      return db.count(STORES.vectors);
    },
    async loadJobs() {
      const rows = await db.getAll(STORES.jobs);
      return rows.sort((a, b) => a.position - b.position).map((row) => row.job);
    },
    saveJobs(jobs) {
      return write('saving the jobs', async () => {
        const tx = db.transaction(STORES.jobs, 'readwrite');
        await allOrNothing(tx, () => [
          tx.store.clear(),
          ...jobs.map((job, position) => tx.store.put({ position, job }, position)),
        ]);
      });
    },
    async loadValue(name) {
      return (await db.get(STORES.values, name)) as StoredValues[typeof name] | undefined;
    },
    saveValue(name, value) {
      return write(`saving the ${name}`, async () => {
        await db.put(STORES.values, value, name);
      });
    },
    clear() {
      return write('clearing local data', async () => {
        const tx = db.transaction([STORES.vectors, STORES.jobs, STORES.values], 'readwrite');
        await allOrNothing(tx, (track) => {
          for (const name of [STORES.vectors, STORES.jobs, STORES.values]) track(tx.objectStore(name).clear());
        });
      });
    },
    close() {
      db.close();
    },
  };
}

/**
 * Opens the local database, or falls back to memory (and says so) where IndexedDB is refused,
 * as in some private windows.
 */
export async function openLocalStore(events: StoreEvents = {}): Promise<LocalStore> {
  try {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    return indexedDbStore(await open(events));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return createMemoryStore(
      `This browser does not let the app save data (${detail}): jobs and vectors are kept only until you close the page.`,
    );
  }
}
