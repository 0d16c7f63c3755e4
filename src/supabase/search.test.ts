import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_EMBEDDINGS_MIGRATION } from '../../test/supabase-gateway/bootstrap';
import { clientFor, cosine, fakeVector, jobId, KEYS, normalise, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { searchJobsInSupabase } from './search';

let gateway: Gateway;
const L6 = 'Xenova/all-MiniLM-L6-v2';
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
    const result = await searchJobsInSupabase(client, query, { matchCount: 5, minSimilarity: -1, modelId: L6 });
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
    const above = await searchJobsInSupabase(client, query, { matchCount: 10, minSimilarity: threshold, modelId: L6 });
    expect(above.ok && above.matches.map((m) => m.id)).toEqual([jobId(0), jobId(1), jobId(2)]);
    const two = await searchJobsInSupabase(client, query, { matchCount: 2, minSimilarity: -1, modelId: L6 });
    expect(two.ok && two.matches.length).toBe(2);
    const all = await searchJobsInSupabase(client, query, { matchCount: 100, minSimilarity: -1, modelId: L6 });
    expect(all.ok && all.matches.length).toBe(vectors.length); // rows without an embedding are left out
  });

  it('refuses a vector of the wrong size before asking the server', async () => {
    const result = await searchJobsInSupabase(clientFor(gateway, gateway.anonKey), [1, 0, 0], {
      matchCount: 5,
      minSimilarity: 0,
      modelId: L6,
    });
    expect(result.ok === false && result.error).toEqual({
      code: 'invalid-vector',
      message: 'The query vector has 3 numbers; all-MiniLM-L6-v2 vectors have 384.',
    });
  });
});

describe('searchJobsInSupabase with the opt-in models', () => {
  const L12 = 'Xenova/all-MiniLM-L12-v2';
  const MULTI = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
  const MPNET = 'Xenova/all-mpnet-base-v2';
  /** Jobs 100..159 carry an L12 and a multilingual vector each; jobs 100..111 an mpnet one too. */
  const ids = Array.from({ length: 60 }, (_, k) => jobId(100 + k));
  const l12 = ids.map((_, k) => fakeVector(1000 + k));
  const multi = ids.map((_, k) => fakeVector(2000 + k));
  const mpnetBase = fakeVector(3, 768);
  const mpnetNoise = fakeVector(4, 768);
  const mpnet = ids.slice(0, 12).map((_, k) => normalise(mpnetBase.map((x, i) => x + k * 0.3 * (mpnetNoise[i] ?? 0))));

  beforeAll(async () => {
    await seedJobs(gateway, ids.length, 100);
    const items = ids.flatMap((id, k) => [
      { id, embedding: Array.from(l12[k] as Float32Array), embedding_model: KEYS.l12, content_hash: 'h' },
      { id, embedding: Array.from(multi[k] as Float32Array), embedding_model: KEYS.multilingual, content_hash: 'h' },
      ...(k < mpnet.length
        ? [{ id, embedding: Array.from(mpnet[k] as Float32Array), embedding_model: KEYS.mpnet, content_hash: 'h' }]
        : []),
    ]);
    await gateway.db.query('select public.write_model_embeddings($1::jsonb)', [JSON.stringify(items)]);
  });

  it('searches 768-number vectors with match_jobs_768, nearest first', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const query = mpnet[4] as Float32Array;
    const result = await searchJobsInSupabase(client, query, { matchCount: 5, minSimilarity: -1, modelId: MPNET });
    expect(gateway.requests.at(-1)).toBe('POST /rest/v1/rpc/match_jobs_768');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = mpnet
      .map((v, k) => ({ id: ids[k], similarity: cosine(query, v) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 5);
    expect(result.matches.map((m) => m.id)).toEqual(expected.map((e) => e.id));
    expect(result.matches[0]).toMatchObject({ id: ids[4], title: 'Job 104' });
    result.matches.forEach((m, i) => expect(m.similarity).toBeCloseTo(expected[i]?.similarity ?? NaN, 5));
    const all = await searchJobsInSupabase(client, query, { matchCount: 100, minSimilarity: -1, modelId: MPNET });
    expect(all.ok && all.matches.length).toBe(mpnet.length); // jobs with no mpnet vector are not there
  });

  it("never returns another model's vector, even for the same jobs", async () => {
    const client = clientFor(gateway, gateway.anonKey);
    // The query is job 107's multilingual vector: only a multilingual search may find it at similarity 1.
    const query = multi[7] as Float32Array;
    const asMulti = await searchJobsInSupabase(client, query, { matchCount: 3, minSimilarity: 0.99, modelId: MULTI });
    expect(asMulti.ok && asMulti.matches.map((m) => m.id)).toEqual([ids[7]]);
    const asL12 = await searchJobsInSupabase(client, query, { matchCount: 60, minSimilarity: -1, modelId: L12 });
    expect(asL12.ok).toBe(true);
    if (!asL12.ok) return;
    expect(asL12.matches).toHaveLength(60);
    for (const match of asL12.matches) {
      const k = ids.indexOf(match.id);
      expect(match.similarity).toBeCloseTo(cosine(query, l12[k] as Float32Array), 5);
    }
    // match_jobs reads jobs.embedding only: none of these jobs has one.
    const asL6 = await searchJobsInSupabase(client, query, { matchCount: 100, minSimilarity: -1, modelId: L6 });
    expect(asL6.ok && asL6.matches.every((m) => !ids.includes(m.id))).toBe(true);
  });

  it('returns the full match_count for one model of two sharing the 384 index', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const result = await searchJobsInSupabase(client, l12[0] as Float32Array, {
      matchCount: 45,
      minSimilarity: -1,
      modelId: MULTI,
    });
    expect(result.ok && result.matches.length).toBe(45);
  });

  it('refuses a query vector of the wrong size for the model, or a model it does not know', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const before = gateway.requests.length;
    const wrong = await searchJobsInSupabase(client, l12[0] as Float32Array, {
      matchCount: 5,
      minSimilarity: 0,
      modelId: MPNET,
    });
    expect(wrong.ok === false && wrong.error).toEqual({
      code: 'invalid-vector',
      message: 'The query vector has 384 numbers; all-mpnet-base-v2 vectors have 768.',
    });
    const unknown = await searchJobsInSupabase(client, l12[0] as Float32Array, {
      matchCount: 5,
      minSimilarity: 0,
      modelId: 'sentence-transformers/all-MiniLM-L12-v2',
    });
    expect(unknown.ok === false && unknown.error.code).toBe('invalid-input');
    expect(unknown.ok === false && unknown.error.message).toMatch(/not a model CareerPilot Match knows/);
    expect(gateway.requests.length).toBe(before);
  });

  it('names the migration to apply when the search functions are missing', async () => {
    const older = await startGateway({ migrations: [JOB_EMBEDDINGS_MIGRATION] });
    try {
      const client = clientFor(older, older.anonKey);
      const result = await searchJobsInSupabase(client, l12[0] as Float32Array, {
        matchCount: 5,
        minSimilarity: 0,
        modelId: L12,
      });
      expect(result.ok === false && result.error.message).toMatch(
        /^Searching jobs in Supabase with all-MiniLM-L12-v2 vectors failed: .*match_jobs_384.*Apply supabase\/migrations\/20261130120000_model_embeddings\.sql/,
      );
      const bundled = await searchJobsInSupabase(client, l12[0] as Float32Array, {
        matchCount: 5,
        minSimilarity: 0,
        modelId: L6,
      });
      expect(bundled).toEqual({ ok: true, matches: [] });
    } finally {
      await older.close();
    }
  });
});
