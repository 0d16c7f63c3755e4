import { describe, expect, it } from 'vitest';
import { ranksOf, reciprocalRankFusion } from './fusion';

const scores = (...values: number[]) => Float32Array.from(values);

describe('ranksOf', () => {
  it('ranks best first, ties share the best rank, NaN has none', () => {
    expect([...ranksOf(scores(0.2, 0.9, 0.2, Number.NaN, 0.5))]).toEqual([3, 1, 3, Number.NaN, 2]);
  });
});

describe('reciprocalRankFusion', () => {
  it('adds weight / (k + rank) over the signals', () => {
    const fused = reciprocalRankFusion(
      [
        { scores: scores(0.9, 0.1), weight: 1 },
        { scores: scores(0, 5), weight: 2 },
      ],
      60,
    );
    expect(fused[0]).toBeCloseTo(1 / 61 + 2 / 62, 6);
    expect(fused[1]).toBeCloseTo(1 / 62 + 2 / 61, 6);
  });

  it('puts a job first in both signals first, and one last in both last', () => {
    const fused = reciprocalRankFusion([
      { scores: scores(0.5, 0.9, 0.1), weight: 1 },
      { scores: scores(2, 7, 1), weight: 1 },
    ]);
    expect(fused[1]).toBeGreaterThan(fused[0] as number);
    expect(fused[0]).toBeGreaterThan(fused[2] as number);
  });

  it('judges a job a signal cannot score yet by the others, at full weight (it does not sink)', () => {
    const fused = reciprocalRankFusion([
      { scores: scores(Number.NaN, 0.5, 0.4), weight: 1 },
      { scores: scores(9, 1, 2), weight: 1 },
    ]);
    // Job 0 is first by keywords and has no vector yet: it stays above jobs that are worse in both.
    expect(fused[0]).toBeCloseTo(2 / 61, 6);
    expect(fused[0]).toBeGreaterThan(fused[1] as number);
  });

  it('ignores a signal of weight 0', () => {
    const fused = reciprocalRankFusion([
      { scores: scores(1, 2), weight: 1 },
      { scores: scores(2, 1), weight: 0 },
    ]);
    expect(fused[1]).toBeGreaterThan(fused[0] as number);
  });
});
