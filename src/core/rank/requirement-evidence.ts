import type { Job } from '../jobs/job';

/** How far the profile goes toward one requirement, as the page shows it. */
export type RequirementStatus = 'met' | 'partly' | 'not-found';

/**
 * Similarity of a requirement to its closest profile passage at which it counts as met, and as partly met.
 * Chosen on the dev set (`npm run eval` prints the distribution for requirements a person's field meets and for
 * those of other fields).
 */
export const MET_SIMILARITY = 0.6;
export const PARTLY_SIMILARITY = 0.45;

/** The requirement texts a job is judged by (its own list, else those found in its description). */
export function requirementsOf(job: Pick<Job, 'description' | 'requirements'>): string[] {
  return job.requirements.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

export function statusOf(similarity: number): RequirementStatus {
  if (similarity >= MET_SIMILARITY) return 'met';
  if (similarity >= PARTLY_SIMILARITY) return 'partly';
  return 'not-found';
}

/**
 * A job's requirement coverage for ranking: the mean, over its requirements, of each one's similarity to the
 * closest profile passage. NaN for a job with no requirement to judge (the signal then says nothing of it).
 */
export function requirementCoverage(similarities: readonly number[]): number {
  if (similarities.length === 0) return Number.NaN;
  return similarities.reduce((sum, value) => sum + value, 0) / similarities.length;
}
