import { reusableVector } from '../core/jobs/export';
import type { Job, ModelKey } from '../core/jobs/job';

/** Web Crypto hashes asynchronously: a batch of digests in flight is several times faster than one at a time. */
const HASH_BATCH = 1000;

/**
 * The vectors that need not be computed again, by job id: one the input record itself carries (the
 * input may be a jobs_vectors.json), or else one the previous output holds for the same job id. Either
 * is used only when reusableVector accepts it for this job's own text: same model key, same text hash.
 */
export async function findReusableVectors(
  jobs: readonly Job[],
  previous: ReadonlyMap<string, Job>,
  key: ModelKey,
): Promise<Map<string, Float32Array>> {
  const found = new Map<string, Float32Array>();
  for (let start = 0; start < jobs.length; start += HASH_BATCH) {
    const batch = jobs.slice(start, start + HASH_BATCH);
    const vectors = await Promise.all(batch.map((job) => reusableFor(job, previous.get(job.id), key)));
    batch.forEach((job, index) => {
      const vector = vectors[index];
      if (vector) found.set(job.id, vector);
    });
  }
  return found;
}

async function reusableFor(job: Job, previous: Job | undefined, key: ModelKey): Promise<Float32Array | null> {
  const own = await reusableVector(job, key);
  if (own || previous?.carried === undefined) return own;
  // The previous vector must fit this job's text, not the text the job had then.
  return reusableVector({ ...job, carried: previous.carried }, key);
}
