import { describe, expect, it } from 'vitest';
import { l2Normalize } from '../vectors';
import { rankJobs, topJobs } from './rank';

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

describe('topJobs', () => {
  // Deterministic pseudo-random unit vectors, with a few exact duplicates so ties occur.
  function vectors(count: number, dim: number, seed: number): Float32Array {
    let state = seed;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const rows = Array.from({ length: count }, () => Array.from(l2Normalize(Array.from({ length: dim }, next))));
    for (let duplicate = 0; duplicate + 7 < count; duplicate += 7) rows[duplicate + 7] = rows[duplicate] as number[];
    return Float32Array.from(rows.flat());
  }

  // The ranking written out the slow way: every score, then a stable sort.
  function bruteForce(jobs: Float32Array, profile: Float32Array, strategy: 'best-chunk' | 'mean', dim: number) {
    const rows = (matrix: Float32Array) =>
      Array.from({ length: matrix.length / dim }, (_, row) => matrix.subarray(row * dim, row * dim + dim));
    const chunks = rows(profile);
    const mean = l2Normalize(
      Array.from({ length: dim }, (_, d) => chunks.reduce((sum, chunk) => sum + (chunk[d] as number), 0)),
    );
    const dotOf = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      Array.from(a).reduce((sum, v, d) => sum + v * (b[d] as number), 0);
    return rows(jobs)
      .map((job, index) => {
        const similarities = chunks.map((chunk) => dotOf(job, chunk));
        const best = Math.max(...similarities);
        return { index, score: strategy === 'mean' ? dotOf(job, mean) : best, bestChunk: similarities.indexOf(best) };
      })
      .sort((a, b) => b.score - a.score || a.index - b.index);
  }

  it.each(['best-chunk', 'mean'] as const)('returns the k best jobs in order (%s), ties in input order', (strategy) => {
    const jobs = vectors(500, 8, 7);
    const profile = vectors(3, 8, 99);
    const expected = bruteForce(jobs, profile, strategy, 8);
    for (const k of [1, 10, 37, 500]) {
      const top = topJobs(jobs, profile, strategy, k, 8);
      expect(top.map((job) => job.index)).toEqual(expected.slice(0, k).map((job) => job.index));
      top.forEach((job, position) => expect(job.score).toBeCloseTo(expected[position]?.score ?? NaN, 5));
    }
    expect(rankJobs(jobs, profile, strategy, 8).map((job) => job.index)).toEqual(expected.map((job) => job.index));
  });

  it('returns every job when asked for more than there are, and none for k = 0', () => {
    const jobs = flat([1, 0, 0], [0, 1, 0], [0.7, 0.7, 0]);
    const profile = flat([1, 0.1, 0]);
    expect(topJobs(jobs, profile, 'best-chunk', 10, 3).map((job) => job.index)).toEqual([0, 2, 1]);
    expect(topJobs(jobs, profile, 'best-chunk', 0, 3)).toEqual([]);
    expect(topJobs(jobs, new Float32Array(0), 'best-chunk', 10, 3)).toEqual([]);
  });
});
