import type { ScoreBands } from './calibration';

export type ScoreBand = 'strong' | 'fair' | 'weak';

/**
 * A similarity read with one model's bands (calibration.ts). Its cosines between a profile and postings crowd
 * together (for all-MiniLM-L6-v2 most sit within 0.1 of each other on real postings), so the number alone says little.
 */
export function scoreBand(similarity: number, bands: ScoreBands): ScoreBand {
  if (similarity >= bands.strong) return 'strong';
  return similarity >= bands.fair ? 'fair' : 'weak';
}
