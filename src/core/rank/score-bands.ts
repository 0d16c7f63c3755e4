/**
 * What a similarity means for all-MiniLM-L6-v2 on job postings. Its cosines between a profile and postings
 * crowd together (on real postings most sit within 0.1 of each other), so the number alone says little.
 * The bands are read off the dev set's labelled pairs (`npm run eval` prints the calibration): at or above
 * `strong`, 80% of pairs were postings in the person's field and role; below `fair` lie only 10% of those
 * that were (and 89% of those that were not).
 */
export const SCORE_BANDS = { strong: 0.65, fair: 0.5 } as const;

export type ScoreBand = 'strong' | 'fair' | 'weak';

export function scoreBand(similarity: number): ScoreBand {
  if (similarity >= SCORE_BANDS.strong) return 'strong';
  return similarity >= SCORE_BANDS.fair ? 'fair' : 'weak';
}
