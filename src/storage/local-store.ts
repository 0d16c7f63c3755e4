import type { Job } from '../core/jobs/job';
import type { WindowsOfText } from '../core/windows';

/** Values kept beside the jobs and vectors. */
export interface StoredValues {
  profile: string;
  /** Name of the file the current jobs came from. */
  jobsSource: string;
  /** The Supabase project the person connected: its URL and publishable key, never a secret key. */
  supabase: { url: string; key: string };
}

export interface VectorEntry {
  key: string;
  vector: Float32Array;
  /** For a text read in windows (a job posting): which part each window covers, and its vector. */
  windows?: WindowsOfText;
}

/** How long and how many cached vectors are kept; see DEFAULT_VECTOR_CACHE_POLICY. */
export interface VectorCachePolicy {
  /** A vector not in use and not used for longer than this many days is removed. */
  maxAgeDays: number;
  /** Above this many vectors, the least recently used ones not in use are removed until this many remain. */
  maxEntries: number;
}

/**
 * The vector cache policy. Every stored vector records when it was stored and when it was last used (looked up
 * for a ranking). Pruning never removes a vector in use (one the current jobs or profile need); of the rest,
 * it removes those unused for more than 30 days, then, while more than 200,000 vectors remain (about 300 MB:
 * 200,000 x 384 float32 = 307 MB), the least recently used, until 200,000 remain. "Clear local data" removes
 * everything at once.
 */
export const DEFAULT_VECTOR_CACHE_POLICY: Readonly<VectorCachePolicy> = Object.freeze({
  maxAgeDays: 30,
  maxEntries: 200_000,
});

/**
 * What another tab (or another store on the same database) changed, so this one can reload it:
 * everything ('cleared'), the job list, the vectors, or one of the stored values (by its name).
 */
export type StoreChange = { kind: 'cleared' } | { kind: 'jobs' } | { kind: 'vectors' } | { kind: keyof StoredValues };

/**
 * Everything the app remembers between visits. Backed by IndexedDB, or by memory when the browser
 * refuses IndexedDB (some private windows), in which case `notice` says that nothing will be kept.
 *
 * Jobs, each stored value and each batch of vectors are saved in separate transactions: one failing (a full
 * disk) never loses another. Every failure is thrown as a UserErrorThrown (code 'storage-full' or
 * 'storage-failed') whose message says what was not saved and what to do.
 */
export interface LocalStore {
  readonly kind: 'indexeddb' | 'memory';
  readonly notice?: string;
  /** The stored vectors for these keys; missing keys are absent from the map. The caller checks each one. */
  getVectors(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  /** The windows stored with these vectors (see VectorEntry); keys without windows are absent. Unchecked too. */
  getWindows(keys: readonly string[]): Promise<Map<string, WindowsOfText>>;
  /** All entries in one transaction: a batch is saved whole or not at all. Each counts as stored and used now. */
  putVectors(entries: readonly VectorEntry[]): Promise<void>;
  /** Removes these vectors (e.g. ones that failed their check); unknown keys are ignored. */
  deleteVectors(keys: readonly string[]): Promise<void>;
  /** Marks these vectors as used now, in one transaction (one used within the last hour is left as it is). */
  touchVectors(keys: readonly string[]): Promise<void>;
  /** Applies `policy` (see DEFAULT_VECTOR_CACHE_POLICY), never removing a key in `inUse`; returns how many went. */
  pruneVectors(policy: Readonly<VectorCachePolicy>, inUse: ReadonlySet<string>): Promise<number>;
  countVectors(): Promise<number>;
  loadJobs(): Promise<Job[]>;
  /** Replaces the stored jobs with these, in one transaction. */
  saveJobs(jobs: readonly Job[]): Promise<void>;
  loadValue<K extends keyof StoredValues>(name: K): Promise<StoredValues[K] | undefined>;
  saveValue<K extends keyof StoredValues>(name: K, value: StoredValues[K]): Promise<void>;
  /** Forgets jobs, vectors, profile and settings. */
  clear(): Promise<void>;
  /**
   * Calls `listener` after another tab (or another store on the same database) commits a change; never for
   * this store's own writes. Returns the unsubscribe function. Does nothing where tabs cannot talk to each other.
   */
  onChange(listener: (change: StoreChange) => void): () => void;
  close(): void;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Throws on a policy no caller should pass (a programming error, not a user's). */
export function checkPolicy(policy: Readonly<VectorCachePolicy>): void {
  for (const [name, value] of Object.entries(policy)) {
    if (!(typeof value === 'number' && value >= 0)) {
      throw new RangeError(`vector cache policy: ${name} must be a number >= 0, got ${String(value)}`);
    }
  }
}
