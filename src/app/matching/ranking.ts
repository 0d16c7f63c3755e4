import type { Job } from '../../core/jobs/job';
import { rankJobs, type ChunkStrategy } from '../../core/rank/rank';
import { matchRequirements } from '../../core/rank/requirements';
import { EMBEDDING_DIM, dot, row } from '../../core/vectors';
import type { ProfileVectors } from './profile-vectors';

/**
 * Measured on the demo set (see README, "How long profiles are scored"): scoring by the best-matching
 * chunk kept each test profile's own field on top better than the mean of the chunks.
 */
export const CHUNK_STRATEGY: ChunkStrategy = 'best-chunk';

export interface RankedJobView {
  job: Job;
  /** Cosine similarity, or null while the job has no vector yet. */
  score: number | null;
  matched: string[];
  missing: string[];
  /** The profile passage closest to this job. */
  bestPassage: string | null;
}

/** Every job, best match first; jobs still waiting for their vector come last, in file order. */
export function buildRanking(
  jobs: readonly Job[],
  vectorOf: (job: Job) => Float32Array | undefined,
  profile: ProfileVectors,
  profileText: string,
): RankedJobView[] {
  const embedded = jobs.filter((job) => vectorOf(job));
  const matrix = new Float32Array(embedded.length * EMBEDDING_DIM);
  embedded.forEach((job, index) => matrix.set(vectorOf(job) as Float32Array, index * EMBEDDING_DIM));
  const ranked = rankJobs(matrix, profile.chunkVectors, CHUNK_STRATEGY);
  const passageCount = profile.passages.length;
  const views: RankedJobView[] = ranked.map(({ index, score }) => {
    const job = embedded[index] as Job;
    const jobVector = row(matrix, index);
    let bestPassage = 0;
    let bestSimilarity = -Infinity;
    for (let passage = 0; passage < passageCount; passage++) {
      const similarity = dot(jobVector, row(profile.passageVectors, passage));
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        bestPassage = passage;
      }
    }
    return {
      job,
      score,
      ...matchRequirements(job.requirements, profileText),
      bestPassage: profile.passages[bestPassage] ?? null,
    };
  });
  for (const job of jobs) {
    if (!vectorOf(job))
      views.push({ job, score: null, ...matchRequirements(job.requirements, profileText), bestPassage: null });
  }
  return views;
}
