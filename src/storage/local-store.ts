import type { Job } from '../core/jobs/job';

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
}

/**
 * Everything the app remembers between visits. Backed by IndexedDB, or by memory when the browser
 * refuses IndexedDB (some private windows), in which case `notice` says that nothing will be kept.
 */
export interface LocalStore {
  readonly kind: 'indexeddb' | 'memory';
  readonly notice?: string;
  getVectors(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  /** All entries in one transaction: a batch is saved whole or not at all. */
  putVectors(entries: readonly VectorEntry[]): Promise<void>;
  countVectors(): Promise<number>;
  loadJobs(): Promise<Job[]>;
  /** Replaces the stored jobs with these, in one transaction. */
  saveJobs(jobs: readonly Job[]): Promise<void>;
  loadValue<K extends keyof StoredValues>(name: K): Promise<StoredValues[K] | undefined>;
  saveValue<K extends keyof StoredValues>(name: K, value: StoredValues[K]): Promise<void>;
  /** Forgets jobs, vectors, profile and settings. */
  clear(): Promise<void>;
  close(): void;
}

/** A storage failure, in words for the person using the app. */
export class StorageFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageFailure';
  }
}
