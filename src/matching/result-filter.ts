import type { Job } from '../core/jobs/job';
import type { RankingView } from './snapshot';

export interface ResultFilter {
  /** Words that must all appear in the title, company or location (case-insensitive). */
  text: string;
  /** Lowest similarity shown; -1 shows every job with a vector. Jobs still waiting for a vector always show. */
  minimum: number;
  /** How many to show; 0 for all. */
  top: number;
}

/** The lowest value of the minimum-similarity control: cosine similarity goes down to -1. */
export const ANY_SIMILARITY = -1;

/** Job indices to show, in ranked order. Linear in the jobs: ~5 ms for 50,000 in the page. */
export function filterRanking(ranking: RankingView, jobs: readonly Job[], filter: ResultFilter): Int32Array {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const limit = filter.top > 0 ? filter.top : ranking.order.length;
  const shown = new Int32Array(Math.min(limit, ranking.order.length));
  let count = 0;
  for (let position = 0; position < ranking.order.length && count < limit; position++) {
    const index = ranking.order[position] as number;
    const score = ranking.scores[index] as number;
    if (!Number.isNaN(score) && score < filter.minimum) continue;
    if (words.length > 0) {
      const job = jobs[index] as Job;
      const haystack = `${job.title} ${job.company} ${job.location}`.toLowerCase();
      if (!words.every((word) => haystack.includes(word))) continue;
    }
    shown[count++] = index;
  }
  return shown.subarray(0, count);
}
