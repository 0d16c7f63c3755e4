import { describe, expect, it } from 'vitest';
import { describeIds, groupFailures } from './failure-groups';
import type { SyncFailure } from './sync';

const refused = (id: string): SyncFailure => ({
  id,
  error: {
    code: 'supabase-key-refused',
    message: 'Supabase refused to write: a row-level security policy forbids it.',
  },
});

describe('groupFailures', () => {
  it('says a reason shared by every row once, with the jobs it hit, the most frequent first', () => {
    const failed = [
      refused('a'),
      { id: 'x', error: { code: 'invalid-vector' as const, message: 'the vector is not 384 numbers' } },
      refused('b'),
      refused('c'),
    ];
    expect(groupFailures(failed)).toEqual([
      { message: refused('a').error.message, code: 'supabase-key-refused', ids: ['a', 'b', 'c'] },
      { message: 'the vector is not 384 numbers', code: 'invalid-vector', ids: ['x'] },
    ]);
  });

  it('names a few jobs and counts the rest', () => {
    expect(describeIds(['a'])).toBe('1 job (a)');
    expect(describeIds(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('7 jobs (a, b, c, d, e and 2 more)');
  });
});
