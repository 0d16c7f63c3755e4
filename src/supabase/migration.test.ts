import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyJobEmbeddingsMigration } from '../../test/supabase-gateway/bootstrap';
import { fakeVector, jobId, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(); // bootstrap + the migration, applied once
});
afterAll(async () => {
  await gateway?.close();
});

const vectorJson = (seed: number, length = 384) => JSON.stringify(Array.from(fakeVector(seed)).slice(0, length));

describe('the job embeddings migration', () => {
  it('applies again (twice) without error or change', async () => {
    await seedJobs(gateway, 3);
    await applyJobEmbeddingsMigration(gateway.db);
    await applyJobEmbeddingsMigration(gateway.db);
    const columns = await gateway.db.query<{ column_name: string; type: string }>(
      `select column_name, format_type(atttypid, atttypmod) as type
         from information_schema.columns c
         join pg_attribute a on a.attrelid = 'public.jobs'::regclass and a.attname = c.column_name
        where table_schema = 'public' and table_name = 'jobs' order by ordinal_position`,
    );
    expect(columns.rows.map((r) => `${r.column_name} ${r.type}`)).toEqual([
      'id uuid',
      'title text',
      'company text',
      'location text',
      'raw jsonb',
      'embedding vector(384)',
      'embedding_model text',
      'content_hash text',
      'embedded_at timestamp with time zone',
    ]);
    const count = await gateway.db.query<{ n: number }>('select count(*)::int as n from public.jobs');
    expect(count.rows[0]?.n).toBe(3);
    const policies = await gateway.db.query<{ policyname: string }>(
      `select policyname from pg_policies where tablename = 'jobs' order by 1`,
    );
    expect(policies.rows).toHaveLength(2);
  });

  it('adds the columns to an existing jobs table from the original script, keeping its rows', async () => {
    const fresh = await startGateway({ migrate: false });
    try {
      await fresh.db.exec(`create table public.jobs (id uuid primary key default gen_random_uuid(), title text,
        company text, location text, raw jsonb);
        insert into public.jobs (id, title, raw) values ('${jobId(1)}', 'Old', '{"embedding": [0.5], "x": 1}');`);
      await applyJobEmbeddingsMigration(fresh.db);
      const row = await fresh.db.query<{ title: string; raw: unknown; embedding: unknown }>(
        'select title, raw, embedding from public.jobs',
      );
      expect(row.rows).toEqual([{ title: 'Old', raw: { embedding: [0.5], x: 1 }, embedding: null }]);
    } finally {
      await fresh.close();
    }
  });

  it('indexes the vectors with HNSW for cosine distance, which match_jobs uses', async () => {
    const index = await gateway.db.query<{ def: string }>(
      `select indexdef as def from pg_indexes where tablename = 'jobs' and indexname = 'jobs_embedding_hnsw_idx'`,
    );
    expect(index.rows[0]?.def).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    const plan = await gateway.db.transaction(async (tx) => {
      await tx.exec('set local enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(
        `explain select id from public.jobs order by embedding <=> '${vectorJson(1)}'::vector limit 5`,
      );
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/jobs_embedding_hnsw_idx/);
  });

  it('grants: anon may read and search but not write; authenticated may write', async () => {
    const privilege = async (role: string, what: string, check: string) =>
      (await gateway.db.query<{ ok: boolean }>(`select ${check}($1, $2, $3) as ok`, [role, what, 'execute'])).rows[0]
        ?.ok;
    const fn = 'has_function_privilege';
    expect(await privilege('anon', 'public.match_jobs(vector, integer, double precision)', fn)).toBe(true);
    expect(await privilege('authenticated', 'public.match_jobs(vector, integer, double precision)', fn)).toBe(true);
    expect(await privilege('anon', 'public.write_job_embeddings(jsonb)', fn)).toBe(false);
    expect(await privilege('authenticated', 'public.write_job_embeddings(jsonb)', fn)).toBe(true);
    expect(await privilege('service_role', 'public.write_job_embeddings(jsonb)', fn)).toBe(true);
    const rls = await gateway.db.query<{ on: boolean }>(
      `select relrowsecurity as on from pg_class where oid = 'public.jobs'::regclass`,
    );
    expect(rls.rows[0]?.on).toBe(true);
    // RLS and grants enforced for a non-superuser role (SET LOCAL ROLE inside a transaction).
    await expect(
      gateway.db.transaction(async (tx) => {
        await tx.exec('set local role anon');
        await tx.exec(`update public.jobs set title = 'hacked'`);
      }),
    ).rejects.toMatchObject({ code: '42501' });
    const anonRows = await gateway.db.transaction(async (tx) => {
      await tx.exec('set local role anon');
      return (await tx.query('select id from public.jobs')).rows.length;
    });
    expect(anonRows).toBeGreaterThan(0);
  });

  it('write_job_embeddings validates every item and writes nothing when one is bad', async () => {
    const [id] = await seedJobs(gateway, 1, 500);
    const asAuthenticated = (items: string) =>
      gateway.db.transaction(async (tx) => {
        await tx.exec('set local role authenticated');
        return (await tx.query<{ r: unknown }>('select public.write_job_embeddings($1::jsonb) as r', [items])).rows[0]
          ?.r;
      });
    const good = `{"id": "${id}", "embedding": ${vectorJson(5)}, "embedding_model": "m", "content_hash": "h"}`;
    const short = `{"id": "${id}", "embedding": ${vectorJson(5, 383)}, "embedding_model": "m", "content_hash": "h"}`;
    await expect(asAuthenticated(`[${short}]`)).rejects.toThrow(/384 numbers, got 383 values/);
    await expect(asAuthenticated(`[${good}, ${short}]`)).rejects.toThrow(/384 numbers/);
    await expect(
      asAuthenticated(
        `[{"id": "${id}", "embedding": [${'"x",'.repeat(383)}"x"], "embedding_model": "m", "content_hash": "h"}]`,
      ),
    ).rejects.toThrow(/not numbers/);
    await expect(asAuthenticated(`[${good}, ${good}]`)).rejects.toThrow(/appears twice/);
    await expect(asAuthenticated('{"not": "an array"}')).rejects.toThrow(/must be a JSON array/);
    const unchanged = await gateway.db.query('select embedding from public.jobs where id = $1', [id]);
    expect(unchanged.rows).toEqual([{ embedding: null }]);

    const missing = jobId(999_999);
    const result = await asAuthenticated(
      `[${good}, {"id": "${missing}", "embedding": ${vectorJson(6)}, "embedding_model": "m", "content_hash": "h"}]`,
    );
    expect(result).toEqual({ updated: 1, missing: [missing] });
  });
});
