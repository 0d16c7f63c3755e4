import { describe, expect, it } from 'vitest';
import { planBatches } from './batching';

describe('planBatches', () => {
  it('runs the shortest texts first, at most batchSize per call, and every text exactly once', () => {
    const lengths = [30, 5, 256, 12, 5, 90, 7];
    const batches = planBatches(lengths, 3, false);
    expect(batches).toEqual([[1, 4, 6], [3, 0, 5], [2]]);
  });

  it('puts only texts of the same token count together when padding would change the vectors', () => {
    const lengths = [40, 12, 40, 40, 12, 256, 40, 40];
    const batches = planBatches(lengths, 3, true);
    expect(batches).toEqual([[1, 4], [0, 2, 3], [6, 7], [5]]);
    for (const batch of batches) expect(new Set(batch.map((index) => lengths[index])).size).toBe(1);
  });

  it('treats a batch size below 1 as 1', () => {
    expect(planBatches([3, 2], 0, false)).toEqual([[1], [0]]);
  });
});
