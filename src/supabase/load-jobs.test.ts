import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, fakeVector, jobId, KEYS, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { loadJobsFromSupabase } from './load-jobs';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway();
  await seedJobs(gateway, 1200);
});
afterAll(async () => {
  await gateway?.close();
});

const jobRequests = () => gateway.requests.filter((r) => r === 'GET /rest/v1/jobs').length;

describe('loadJobsFromSupabase', () => {
  it('pages through every job, ordered by id, in the original script shape', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const progress: { done: number; total: number }[] = [];
    const before = jobRequests();
    const result = await loadJobsFromSupabase(client, { pageSize: 250, onProgress: (p) => progress.push(p) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(jobRequests() - before).toBe(5); // 250 + 250 + 250 + 250 + 200
    expect(result.records).toHaveLength(1200);
    expect(result.records.map((r) => r.id)).toEqual(Array.from({ length: 1200 }, (_, n) => jobId(n)));
    expect(result.records[7]).toEqual({
      id: jobId(7),
      title: 'Job 7',
      company: 'Company 0',
      location: 'Berlin',
      raw: { description: 'Posting number 7', requirements: ['TypeScript'], tag: 7 },
    });
    expect(progress.map((p) => p.done)).toEqual([250, 500, 750, 1000, 1200]);
    expect(progress.every((p) => p.total === 1200)).toBe(true);
  });

  it('uses pages of 500 by default and resumes after dropped connections', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const before = jobRequests();
    gateway.failNext(1);
    const result = await loadJobsFromSupabase(client);
    expect(result.ok && result.records.length).toBe(1200);
    expect(jobRequests() - before).toBe(4); // one dropped, then 500 + 500 + 200
  });

  it("brings back the bundled model's vector in raw, and no other model's", async () => {
    const item = (n: number, model: string, vector: Float32Array) => ({
      id: jobId(n),
      embedding: Array.from(vector),
      embedding_model: model,
      content_hash: 'h',
    });
    await gateway.db.query('select public.write_job_embeddings($1::jsonb)', [
      JSON.stringify([item(3, KEYS.l6, fakeVector(1))]),
    ]);
    await gateway.db.query('select public.write_model_embeddings($1::jsonb)', [
      JSON.stringify([
        item(3, KEYS.l12, fakeVector(2)),
        item(4, KEYS.l12, fakeVector(3)),
        item(4, KEYS.mpnet, fakeVector(4, 768)),
      ]),
    ]);
    const result = await loadJobsFromSupabase(clientFor(gateway, gateway.anonKey));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const raw = (n: number) => result.records[n]?.raw as Record<string, unknown>;
    expect(raw(3).embedding_model).toBe(KEYS.l6);
    (raw(3).embedding as number[]).forEach((x, i) => expect(x).toBeCloseTo(fakeVector(1)[i] ?? NaN, 6));
    expect(raw(4)).toEqual({ description: 'Posting number 4', requirements: ['TypeScript'], tag: 4 });
  });

  it('says to apply the migration when the jobs table is missing', async () => {
    const empty = await startGateway({ migrate: false });
    try {
      const result = await loadJobsFromSupabase(clientFor(empty, empty.anonKey));
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error.message).toMatch(/Apply supabase\/migrations\/20261125120000_job_embeddings\.sql/);
    } finally {
      await empty.close();
    }
  });

  it('explains a rejected key', async () => {
    const result = await loadJobsFromSupabase(clientFor(gateway, 'sb_publishable_not_for_this_project'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'supabase-key-refused', message: /refused the key/ });
  });
});
