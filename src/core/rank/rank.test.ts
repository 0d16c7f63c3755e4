import { describe, expect, it } from 'vitest';
import { l2Normalize } from '../vectors';
import { rankJobs } from './rank';

const flat = (...rows: number[][]) => Float32Array.from(rows.flatMap((row) => Array.from(l2Normalize(row))));

describe('rankJobs', () => {
  const jobs = flat([1, 0, 0], [0, 1, 0], [0.7, 0.7, 0]);

  it('puts the most similar job first and reports its cosine', () => {
    const ranked = rankJobs(jobs, flat([1, 0.1, 0]), 'best-chunk', 3);
    expect(ranked.map((job) => job.index)).toEqual([0, 2, 1]);
    expect(ranked[0]?.score).toBeCloseTo(0.995, 3);
  });

  it('scores by the best chunk, and says which chunk it was', () => {
    const ranked = rankJobs(jobs, flat([1, 0, 0], [0, 1, 0]), 'best-chunk', 3);
    expect(ranked.find((job) => job.index === 1)).toMatchObject({ score: 1, bestChunk: 1 });
    expect(ranked.find((job) => job.index === 0)).toMatchObject({ score: 1, bestChunk: 0 });
  });

  it('scores by the mean of the chunks when asked', () => {
    const ranked = rankJobs(jobs, flat([1, 0, 0], [0, 1, 0]), 'mean', 3);
    expect(ranked[0]).toMatchObject({ index: 2 });
    expect(ranked[0]?.score).toBeCloseTo(1, 5);
    expect(ranked[1]?.score).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it('ranks nothing without a profile', () => {
    expect(rankJobs(jobs, new Float32Array(0), 'best-chunk', 3)).toEqual([]);
  });
});
