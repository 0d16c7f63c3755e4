import { describe, expect, it } from 'vitest';
import { cosine, dot, l2Normalize, norm, row, toRows } from './vectors';

describe('vectors', () => {
  it('computes dot products and norms', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(norm([3, 4])).toBe(5);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => dot([1, 2], [1])).toThrow(/length mismatch/);
  });

  it('normalises to unit length and keeps zero vectors at zero', () => {
    const unit = l2Normalize([3, 4]);
    expect(unit[0]).toBeCloseTo(0.6);
    expect(unit[1]).toBeCloseTo(0.8);
    expect(Array.from(l2Normalize([0, 0]))).toEqual([0, 0]);
  });

  it('gives cosine 1 for parallel, -1 for opposite and 0 for zero vectors', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosine([1, 0], [-1, 0])).toBeCloseTo(-1);
    expect(cosine([0, 0], [1, 0])).toBe(0);
  });

  it('slices rows of a flat matrix', () => {
    const matrix = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(row(matrix, 1, 3))).toEqual([4, 5, 6]);
    expect(toRows(matrix, 2)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });
});
