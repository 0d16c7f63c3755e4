import { describe, expect, it } from 'vitest';
import { SCORE_BANDS, scoreBand } from './score-bands';

describe('scoreBand', () => {
  it('reads a similarity as strong, fair or weak at the calibrated edges', () => {
    expect(scoreBand(0.9)).toBe('strong');
    expect(scoreBand(SCORE_BANDS.strong)).toBe('strong');
    expect(scoreBand(SCORE_BANDS.strong - 0.001)).toBe('fair');
    expect(scoreBand(SCORE_BANDS.fair)).toBe('fair');
    expect(scoreBand(SCORE_BANDS.fair - 0.001)).toBe('weak');
    expect(scoreBand(-0.3)).toBe('weak');
  });
});
