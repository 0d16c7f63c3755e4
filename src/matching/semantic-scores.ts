import { dotAt } from '../core/rank/rank';
import type { JobVectors } from './job-vectors';

/**
 * Each job's cosine similarity to the profile: the best of the profile's chunks (measured better than the
 * mean of chunks: README, "How long profiles are scored"). NaN while a job has no vector. New vectors score
 * only themselves; the order is rebuilt from these scores when asked.
 */
export class SemanticScores {
  readonly scores: Float32Array;

  constructor(
    jobCount: number,
    private readonly profileChunks: Float32Array,
  ) {
    this.scores = new Float32Array(jobCount).fill(Number.NaN);
  }

  /** Scores the given rows. Unit vectors can round to 1.0004: scores are clamped to [-1, 1]. */
  scoreRows(vectors: JobVectors, rows: Iterable<number>): void {
    const dim = vectors.dim;
    const chunks = this.profileChunks.length / dim;
    for (const job of rows) {
      if (!vectors.has(job)) continue;
      let best = -Infinity;
      for (let chunk = 0; chunk < chunks; chunk++) {
        const similarity = dotAt(vectors.matrix, job * dim, this.profileChunks, chunk * dim, dim);
        if (similarity > best) best = similarity;
      }
      this.scores[job] = Math.max(-1, Math.min(1, best));
    }
  }

  /**
   * Scores every job that has a vector, in slices with `pause()` between them, so 50,000 jobs never hold the
   * main thread in one long task. Returns false when `stillWanted()` turned false (the profile changed).
   */
  async scoreAll(vectors: JobVectors, pause: () => Promise<void>, stillWanted: () => boolean): Promise<boolean> {
    const slice = Math.max(256, Math.floor(SLICE_MULTIPLY_ADDS / Math.max(1, this.profileChunks.length)));
    for (let start = 0; start < vectors.jobCount; start += slice) {
      this.scoreRows(vectors, range(start, Math.min(vectors.jobCount, start + slice)));
      await pause();
      if (!stillWanted()) return false;
    }
    return true;
  }
}

/** About 5 ms of dot products per slice in V8 (50,000 jobs x 3 chunks took 85 ms in one piece in Node 20). */
const SLICE_MULTIPLY_ADDS = 4_000_000;

function* range(start: number, end: number): Iterable<number> {
  for (let index = start; index < end; index++) yield index;
}

/**
 * Job indices: those with a score best first (ties in file order), then those still waiting for a vector,
 * in file order.
 */
export function rankOrder(scores: Float32Array): Int32Array {
  const order = new Int32Array(scores.length);
  let scored = 0;
  for (let job = 0; job < scores.length; job++) if (!Number.isNaN(scores[job])) order[scored++] = job;
  const waitingFrom = scored;
  for (let job = 0; job < scores.length; job++) if (Number.isNaN(scores[job])) order[scored++] = job;
  order.subarray(0, waitingFrom).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order;
}
