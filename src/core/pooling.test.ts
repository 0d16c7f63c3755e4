import { describe, expect, it } from 'vitest';
import { meanPoolNormalized } from './pooling';

describe('meanPoolNormalized', () => {
  it('averages only the tokens the mask keeps, then normalises each row', () => {
    // Two texts, three positions, two dims; the second text has one padding position.
    const hidden = [1, 0, 3, 0, 2, 0, /* text 2 */ 0, 1, 0, 3, 100, 100];
    const mask = [1n, 1n, 1n, 1n, 1n, 0n];
    const pooled = meanPoolNormalized(hidden, mask, 2, 3, 2);
    expect(Array.from(pooled)).toEqual([1, 0, 0, 1]);
  });

  it('gives unit length for an ordinary row', () => {
    const pooled = meanPoolNormalized([3, 4, 3, 4], [1, 1], 1, 2, 2);
    expect(pooled[0]).toBeCloseTo(0.6);
    expect(pooled[1]).toBeCloseTo(0.8);
  });

  it('keeps an all-zero row at zero rather than NaN', () => {
    expect(Array.from(meanPoolNormalized([0, 0], [1], 1, 1, 2))).toEqual([0, 0]);
  });

  it('refuses shapes that do not match', () => {
    expect(() => meanPoolNormalized([1, 2, 3], [1], 1, 1, 2)).toThrow(/shapes do not match/);
  });
});
