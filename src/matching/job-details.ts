import type { Job } from '../core/jobs/job';
import { matchRequirements } from '../core/rank/requirements';
import { EMBEDDING_DIM, dot, row } from '../core/vectors';
import type { ProfileVectors } from './profile-vectors';

/** The reasons shown with one ranked job. */
export interface JobDetails {
  /** Requirements the profile mentions, and those it does not. */
  matched: string[];
  missing: string[];
  /** The profile passage closest to this job; null while the job has no vector. */
  bestPassage: string | null;
}

/**
 * The reasons for one job against one profile. Computed only for the rows a person looks at (and cached by
 * the session per job and profile): 50,000 jobs' requirement matching would hold the page for seconds.
 */
export function jobDetails(
  job: Job,
  jobVector: Float32Array | undefined,
  profile: ProfileVectors,
  profileText: string,
): JobDetails {
  let bestPassage: string | null = null;
  if (jobVector) {
    let bestSimilarity = -Infinity;
    for (let passage = 0; passage < profile.passages.length; passage++) {
      const similarity = dot(jobVector, row(profile.passageVectors, passage, EMBEDDING_DIM));
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        bestPassage = profile.passages[passage] ?? null;
      }
    }
  }
  return { ...matchRequirements(job.requirements, profileText), bestPassage };
}
