import { EMBEDDING_DIM } from '../vectors';

/** How a profile split into several chunks is scored against a job. */
export type ChunkStrategy = 'best-chunk' | 'mean';

export interface RankedJob {
  /** Position of the job in the list that was ranked. */
  index: number;
  /** Cosine similarity (vectors are unit length, so a dot product), -1..1. */
  score: number;
  /** The profile chunk that matched this job best. */
  bestChunk: number;
}

/**
 * Scores every job against the profile and sorts best first (ties keep the input order). With
 * 'best-chunk' a job's score is its best chunk's similarity; with 'mean', the similarity to the mean of
 * the chunk vectors. Both inputs are flat row-major matrices of unit vectors.
 */
export function rankJobs(
  jobVectors: Float32Array,
  profileChunks: Float32Array,
  strategy: ChunkStrategy,
  dim = EMBEDDING_DIM,
): RankedJob[] {
  const jobs = jobVectors.length / dim;
  const chunks = profileChunks.length / dim;
  if (chunks === 0) return [];
  const ranked: RankedJob[] = [];
  for (let job = 0; job < jobs; job++) {
    let best = -Infinity;
    let bestChunk = 0;
    let sum = 0;
    for (let chunk = 0; chunk < chunks; chunk++) {
      let similarity = 0;
      const jobOffset = job * dim;
      const chunkOffset = chunk * dim;
      for (let d = 0; d < dim; d++) {
        similarity += (jobVectors[jobOffset + d] as number) * (profileChunks[chunkOffset + d] as number);
      }
      sum += similarity;
      if (similarity > best) {
        best = similarity;
        bestChunk = chunk;
      }
    }
    ranked.push({
      index: job,
      score: strategy === 'best-chunk' ? best : meanScore(sum, chunks, profileChunks, dim),
      bestChunk,
    });
  }
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}

// Similarity to the normalised mean vector = (sum of similarities) / |sum of chunk vectors|.
function meanScore(sumOfSimilarities: number, chunks: number, profileChunks: Float32Array, dim: number): number {
  if (chunks === 1) return sumOfSimilarities;
  const mean = new Float64Array(dim);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let d = 0; d < dim; d++) mean[d] = (mean[d] as number) + (profileChunks[chunk * dim + d] as number);
  }
  const length = Math.sqrt(mean.reduce((total, value) => total + value * value, 0));
  return length === 0 ? 0 : sumOfSimilarities / length;
}
