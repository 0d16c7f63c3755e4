import type { Job, RecordProblem } from '../core/jobs/job';
import type { OftenMissing } from '../core/rank/requirement-evidence';
import type { EmbedProgress } from '../embedding/types';
import type { LocalStore } from '../storage/local-store';
import type { JobDetails } from './job-details';

export interface UploadReport {
  source: string;
  accepted: number;
  problems: RecordProblem[];
  /** The whole file was refused; the jobs loaded before are untouched. */
  fatal?: string;
}

export type ProfileState =
  /** Nothing typed. */
  | 'empty'
  /** Edited: waiting for the person to pause typing, or being read by the model. */
  | 'reading'
  | 'ready'
  /** Over PROFILE_CHAR_LIMIT: kept in the box, not read. */
  | 'too-long'
  /** Reading was cancelled or failed: the message says which; an edit starts again. */
  | 'stopped';

/**
 * What the order is made of, for the page to say: keywords alone (the profile is still being read, or no vector
 * exists yet), keywords fused with semantic similarity while vectors are still arriving, the full fusion, or
 * semantic similarity alone (the keyword index is still being built).
 */
export type RankingMode = 'keywords' | 'refining' | 'fused' | 'semantic';

export interface RankingView {
  readonly mode: RankingMode;
  /**
   * Job indices, best first by the fused ranking (reciprocal rank fusion of semantic similarity and keyword
   * evidence); in 'semantic' mode, jobs still waiting for their vector come last, in file order.
   */
  readonly order: Int32Array;
  /** Cosine similarity per job index, in [-1, 1]; NaN while the job has no vector or the profile is being read. */
  readonly scores: Float32Array;
  /** BM25 score per job index for the profile's terms (0: no term in common); null while the index is built. */
  readonly keywordScores: Float32Array | null;
  /** How many jobs have a score (the head of `order`). */
  readonly scored: number;
  /** Reasons for one job, computed on demand and cached per job and profile. */
  details(jobIndex: number): JobDetails;
  /**
   * A job's rank (1 = best) in each signal the fused order is made of, NaN where it has none yet; null when the
   * order is one signal alone.
   */
  placedBy(jobIndex: number): { semantic: number; keyword: number; requirements: number } | null;
  /** The requirements most often not found among the top 25 jobs (by their missing terms), computed on demand. */
  oftenMissing(): OftenMissing[];
}

export interface SessionMessage {
  kind: 'error' | 'info';
  text: string;
}

/** Everything the page shows, as one immutable value; a new one is published at most once per frame. */
export interface MatchingSnapshot {
  storage: { kind: LocalStore['kind']; notice?: string } | null;
  jobs: readonly Job[];
  jobsSource: string | null;
  upload: UploadReport | null;
  /** Jobs being embedded, then their requirements; null when no run is in progress. */
  progress: (EmbedProgress & { phase: 'jobs' | 'requirements' }) | null;
  /** For the status line: where this session's job vectors came from, and the cache's size. */
  vectorCounts: { embedded: number; reused: number; stored: number; discarded: number };
  /** What this site stores on the device (navigator.storage.estimate), when the browser says. */
  storageUse: { usage: number; quota: number } | null;
  profile: string;
  profileState: ProfileState;
  /** Progress of reading a long profile. */
  profileProgress: EmbedProgress | null;
  /**
   * The ranking for the current profile text, or null when there is none to show: no profile, no jobs, or
   * the profile changed and its new vectors are not read yet (`profileState` says which). Never a ranking
   * made with text that is no longer in the profile box.
   */
  ranking: RankingView | null;
  /** The jobs that have a vector. */
  withVectors: number;
  message: SessionMessage | null;
}
