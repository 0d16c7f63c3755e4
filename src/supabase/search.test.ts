import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, cosine, fakeVector, jobId, normalise, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { searchJobsInSupabase } from './search';

let gateway: Gateway;
const base = fakeVector(42);
const noise = fakeVector(7);
/** Vectors drifting away from `base` by a growing amount of noise: similarity falls with k. */
const vectors = Array.from({ length: 8 }, (_, k) => normalise(base.map((x, i) => x + k * 0.3 * (noise[i] ?? 0))));

beforeAll(async () => {
  gateway = await startGateway();
  await seedJobs(gateway, vectors.length + 2); // the last two have no embedding
  for (const [k, v] of vectors.entries()) {
    await gateway.db.query('update public.jobs set embedding = $1::vector where id = $2', [
      JSON.stringify(Array.from(v)),
      jobId(k),
    ]);
  }
});
afterAll(async () => {
  await gateway?.close();
});

describe('searchJobsInSupabase (match_jobs)', () => {
  it('returns the nearest jobs first, with similarity = 1 - cosine distance', async () => {
    const client = clientFor(gateway, gateway.anonKey); // reading is open to anon
    const query = vectors[3] as Float32Array;
    const result = await searchJobsInSupabase(client, query, { matchCount: 5, minSimilarity: -1 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = vectors
      .map((v, k) => ({ id: jobId(k), similarity: cosine(query, v) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 5);
    expect(result.matches.map((m) => m.id)).toEqual(expected.map((e) => e.id));
    expect(result.matches[0]).toMatchObject({ id: jobId(3), title: 'Job 3', company: 'Company 3', location: 'Berlin' });
    expect(result.matches[0]?.similarity).toBeCloseTo(1, 5);
    for (const [i, match] of result.matches.entries()) {
      expect(match.similarity).toBeCloseTo(expected[i]?.similarity ?? NaN, 5);
    }
  });

  it('respects min_similarity and match_count', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const query = vectors[0] as Float32Array;
    const threshold = (cosine(query, vectors[2] as Float32Array) + cosine(query, vectors[3] as Float32Array)) / 2;
    const above = await searchJobsInSupabase(client, query, { matchCount: 10, minSimilarity: threshold });
    expect(above.ok && above.matches.map((m) => m.id)).toEqual([jobId(0), jobId(1), jobId(2)]);
    const two = await searchJobsInSupabase(client, query, { matchCount: 2, minSimilarity: -1 });
    expect(two.ok && two.matches.length).toBe(2);
    const all = await searchJobsInSupabase(client, query, { matchCount: 100, minSimilarity: -1 });
    expect(all.ok && all.matches.length).toBe(vectors.length); // rows without an embedding are left out
  });

  it('refuses a vector of the wrong size before asking the server', async () => {
    const result = await searchJobsInSupabase(clientFor(gateway, gateway.anonKey), [1, 0, 0], {
      matchCount: 5,
      minSimilarity: 0,
    });
    expect(result.ok === false && result.error.message).toMatch(/has 3 numbers; match_jobs expects 384/);
  });
});
