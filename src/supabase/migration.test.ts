import type { PGlite, Transaction } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyJobEmbeddingsMigration, applyModelEmbeddingsMigration } from '../../test/supabase-gateway/bootstrap';
import { fakeVector, jobId, KEYS, normalise, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(); // bootstrap + both migrations, applied once each
});
afterAll(async () => {
  await gateway?.close();
});

const vectorJson = (seed: number, length = 384, dims = 384) =>
  JSON.stringify(Array.from(fakeVector(seed, dims)).slice(0, length));

/** Runs `work` in a transaction as `role` (the table owner when null) and returns its value. */
function as<T>(db: PGlite, role: string | null, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (role) await tx.exec(`set local role ${role}`);
    return work(tx);
  });
}

describe('the job embeddings migration', () => {
  it('applies again (twice) without error or change', async () => {
    await seedJobs(gateway, 3);
    // As `supabase db push` or a person reapplying them would: every file, in file-name order.
    for (let round = 0; round < 2; round++) {
      await applyJobEmbeddingsMigration(gateway.db);
      await applyModelEmbeddingsMigration(gateway.db);
    }
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
    const good = `{"id": "${id}", "embedding": ${vectorJson(5)}, "embedding_model": "${KEYS.l6}", "content_hash": "h"}`;
    const short = `{"id": "${id}", "embedding": ${vectorJson(5, 383)}, "embedding_model": "${KEYS.l6}", "content_hash": "h"}`;
    await expect(asAuthenticated(`[${short}]`)).rejects.toThrow(/384 numbers, got 383 values/);
    await expect(asAuthenticated(`[${good}, ${short}]`)).rejects.toThrow(/384 numbers/);
    await expect(
      asAuthenticated(
        `[{"id": "${id}", "embedding": [${'"x",'.repeat(383)}"x"], "embedding_model": "${KEYS.l6}", "content_hash": "h"}]`,
      ),
    ).rejects.toThrow(/not numbers/);
    await expect(asAuthenticated(`[${good}, ${good}]`)).rejects.toThrow(/appears twice/);
    await expect(asAuthenticated('{"not": "an array"}')).rejects.toThrow(/must be a JSON array/);
    const unchanged = await gateway.db.query('select embedding from public.jobs where id = $1', [id]);
    expect(unchanged.rows).toEqual([{ embedding: null }]);

    const missing = jobId(999_999);
    const result = await asAuthenticated(
      `[${good}, {"id": "${missing}", "embedding": ${vectorJson(6)}, "embedding_model": "${KEYS.l6}", "content_hash": "h"}]`,
    );
    expect(result).toEqual({ updated: 1, missing: [missing] });
  });
});

const L12 = 'Xenova/all-MiniLM-L12-v2';
const MULTI = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
const MPNET = 'Xenova/all-mpnet-base-v2';

/** One write_model_embeddings / write_job_embeddings item as JSON text. */
const itemJson = (id: string, model: string, embedding: string, hash = 'h') =>
  `{"id": "${id}", "embedding": ${embedding}, "embedding_model": "${model}", "content_hash": "${hash}"}`;

const call = (db: PGlite, role: string | null, fn: string, items: string) =>
  as(
    db,
    role,
    async (tx) => (await tx.query<{ r: unknown }>(`select public.${fn}($1::jsonb) as r`, [items])).rows[0]?.r,
  );

describe('the model embeddings migration', () => {
  it('is harmless applied twice, before or after the first one, and keeps every row', async () => {
    const fresh = await startGateway({ migrate: false });
    try {
      // A project with only the original script's table and its raw.embedding JSON.
      await fresh.db.exec(`create table public.jobs (id uuid primary key default gen_random_uuid(), title text,
        company text, location text, raw jsonb);
        insert into public.jobs (id, title, raw) values ('${jobId(1)}', 'Old', '{"embedding": [0.5], "x": 1}'),
          ('${jobId(2)}', 'Older', null);`);
      await applyModelEmbeddingsMigration(fresh.db);
      await applyJobEmbeddingsMigration(fresh.db);
      await applyModelEmbeddingsMigration(fresh.db);
      await call(fresh.db, null, 'write_job_embeddings', `[${itemJson(jobId(2), KEYS.l6, vectorJson(1))}]`);
      await call(
        fresh.db,
        null,
        'write_model_embeddings',
        `[${itemJson(jobId(1), KEYS.l12, vectorJson(2))}, ${itemJson(jobId(1), KEYS.mpnet, vectorJson(3, 768, 768))}]`,
      );
      const snapshot = async () => ({
        jobs: (await fresh.db.query('select *, embedding::text as embedding from public.jobs order by id')).rows,
        models: (
          await fresh.db.query(
            `select *, embedding::text as embedding, embedding_768::text as embedding_768
               from public.job_embeddings order by job_id, model_id`,
          )
        ).rows,
      });
      const before = await snapshot();
      expect(before.jobs).toHaveLength(2);
      expect(before.jobs[0]).toMatchObject({ title: 'Old', raw: { embedding: [0.5], x: 1 }, embedding: null });
      expect(before.models).toHaveLength(2);

      await applyModelEmbeddingsMigration(fresh.db);
      await applyModelEmbeddingsMigration(fresh.db);
      expect(await snapshot()).toEqual(before);
      // The first migration again, then this one, as someone reapplying both in file order would.
      await applyJobEmbeddingsMigration(fresh.db);
      await applyModelEmbeddingsMigration(fresh.db);
      expect(await snapshot()).toEqual(before);
      await expect(
        call(fresh.db, null, 'write_job_embeddings', `[${itemJson(jobId(1), KEYS.l12, vectorJson(4))}]`),
      ).rejects.toThrow(/not all-MiniLM-L6-v2/);
      const policies = await fresh.db.query<{ policyname: string }>(
        `select policyname from pg_policies where tablename = 'job_embeddings' order by 1`,
      );
      expect(policies.rows).toHaveLength(3);
    } finally {
      await fresh.close();
    }
  });

  it('creates job_embeddings with one vector column per size, each with a cosine HNSW index', async () => {
    const columns = await gateway.db.query<{ column_name: string; type: string; nullable: string }>(
      `select column_name, format_type(atttypid, atttypmod) as type, is_nullable as nullable
         from information_schema.columns c
         join pg_attribute a on a.attrelid = 'public.job_embeddings'::regclass and a.attname = c.column_name
        where table_schema = 'public' and table_name = 'job_embeddings' order by ordinal_position`,
    );
    expect(columns.rows.map((r) => `${r.column_name} ${r.type} ${r.nullable}`)).toEqual([
      'job_id uuid NO',
      'model_id text NO',
      'embedding_model text NO',
      'content_hash text NO',
      'embedded_at timestamp with time zone NO',
      'embedding vector(384) YES',
      'embedding_768 vector(768) YES',
    ]);
    const indexes = await gateway.db.query<{ def: string }>(
      `select indexdef as def from pg_indexes where tablename = 'job_embeddings' order by indexname`,
    );
    const defs = indexes.rows.map((r) => r.def).join('\n');
    expect(defs).toMatch(/job_embeddings_384_hnsw_idx .*USING hnsw \(embedding vector_cosine_ops\)/);
    expect(defs).toMatch(/job_embeddings_768_hnsw_idx .*USING hnsw \(embedding_768 vector_cosine_ops\)/);
    expect(defs).toMatch(/job_embeddings_pkey .*\(job_id, model_id\)/);
  });

  it('keeps exactly one vector per row, under its own model id, and never the bundled model', async () => {
    const [id = ''] = await seedJobs(gateway, 1, 600);
    const insert = (model: string, key: string, embedding: string | null, embedding768: string | null) =>
      gateway.db.query(
        `insert into public.job_embeddings (job_id, model_id, embedding_model, content_hash, embedding, embedding_768)
         values ($1, $2, $3, 'h', $4::vector, $5::vector)`,
        [id, model, key, embedding, embedding768],
      );
    await expect(insert(L12, KEYS.l12, null, null)).rejects.toThrow(/job_embeddings_one_vector/);
    await expect(insert(L12, KEYS.l12, vectorJson(1), vectorJson(2, 768, 768))).rejects.toThrow(
      /job_embeddings_one_vector/,
    );
    await expect(insert(MULTI, KEYS.l12, vectorJson(1), null)).rejects.toThrow(/job_embeddings_model_of_key/);
    await expect(insert('Xenova/all-MiniLM-L6-v2', KEYS.l6, vectorJson(1), null)).rejects.toThrow(
      /job_embeddings_not_bundled/,
    );
    await insert(L12, KEYS.l12, vectorJson(1), null);
    // A job's embeddings go with it.
    await gateway.db.query('delete from public.jobs where id = $1', [id]);
    const left = await gateway.db.query('select 1 from public.job_embeddings where job_id = $1', [id]);
    expect(left.rows).toEqual([]);
  });

  it('grants: anyone may read job_embeddings and search it; anon may not write; signed-in users may', async () => {
    const fn = async (role: string, signature: string) =>
      (
        await gateway.db.query<{ ok: boolean }>(`select has_function_privilege($1, $2, 'execute') as ok`, [
          role,
          signature,
        ])
      ).rows[0]?.ok;
    for (const role of ['anon', 'authenticated', 'service_role']) {
      expect(await fn(role, 'public.match_jobs_384(text, vector, integer, double precision)')).toBe(true);
      expect(await fn(role, 'public.match_jobs_768(text, vector, integer, double precision)')).toBe(true);
    }
    expect(await fn('anon', 'public.write_model_embeddings(jsonb)')).toBe(false);
    expect(await fn('anon', 'public.write_job_embeddings(jsonb)')).toBe(false);
    expect(await fn('authenticated', 'public.write_model_embeddings(jsonb)')).toBe(true);
    expect(await fn('service_role', 'public.write_model_embeddings(jsonb)')).toBe(true);
    const rls = await gateway.db.query<{ on: boolean }>(
      `select relrowsecurity as on from pg_class where oid = 'public.job_embeddings'::regclass`,
    );
    expect(rls.rows[0]?.on).toBe(true);

    const [id = ''] = await seedJobs(gateway, 1, 700);
    await call(gateway.db, 'authenticated', 'write_model_embeddings', `[${itemJson(id, KEYS.l12, vectorJson(1))}]`);
    const writes = [
      `insert into public.job_embeddings (job_id, model_id, embedding_model, content_hash, embedding)
         values ('${id}', '${MULTI}', '${KEYS.multilingual}', 'h', '${vectorJson(2)}')`,
      `update public.job_embeddings set content_hash = 'hacked'`,
      `delete from public.job_embeddings`,
    ];
    for (const sql of writes) {
      await expect(as(gateway.db, 'anon', (tx) => tx.exec(sql))).rejects.toMatchObject({ code: '42501' });
    }
    await expect(
      call(gateway.db, 'anon', 'write_model_embeddings', `[${itemJson(id, KEYS.multilingual, vectorJson(2))}]`),
    ).rejects.toMatchObject({ code: '42501' });
    // Signed-in users write through upserts but delete nothing; the rows stay readable by anyone.
    await expect(as(gateway.db, 'authenticated', (tx) => tx.exec(writes[2] as string))).rejects.toMatchObject({
      code: '42501',
    });
    const read = await as(
      gateway.db,
      'anon',
      async (tx) =>
        (
          await tx.query<{ content_hash: string }>('select content_hash from public.job_embeddings where job_id = $1', [
            id,
          ])
        ).rows,
    );
    expect(read).toEqual([{ content_hash: 'h' }]);
  });

  it('write_job_embeddings refuses vectors of every model but all-MiniLM-L6-v2, writing nothing', async () => {
    const [id = '', other = ''] = await seedJobs(gateway, 2, 800);
    const write = (items: string) => call(gateway.db, 'authenticated', 'write_job_embeddings', items);
    await expect(write(`[${itemJson(id, KEYS.l12, vectorJson(1))}]`)).rejects.toThrow(
      /item 1 \(id .*\) is a vector of Xenova\/all-MiniLM-L12-v2\|fp32\|128\|text-v2, not all-MiniLM-L6-v2.*write_model_embeddings/,
    );
    await expect(
      write(`[${itemJson(id, KEYS.l6, vectorJson(1))}, ${itemJson(other, KEYS.multilingual, vectorJson(2))}]`),
    ).rejects.toThrow(/item 2 .* not all-MiniLM-L6-v2/);
    await expect(write(`[${itemJson(id, 'Xenova/all-MiniLM-L6-v2', vectorJson(1))}]`)).rejects.toThrow(
      /not all-MiniLM-L6-v2/,
    );
    await expect(write(`[${itemJson(id, 'Xenova/all-MiniLM-L6-v2-copy|fp32', vectorJson(1))}]`)).rejects.toThrow(
      /not all-MiniLM-L6-v2/,
    );
    const untouched = await gateway.db.query('select embedding, raw from public.jobs where id = any($1)', [
      [id, other],
    ]);
    for (const row of untouched.rows as { embedding: unknown; raw: Record<string, unknown> }[]) {
      expect(row.embedding).toBeNull();
      expect(row.raw).not.toHaveProperty('embedding');
    }
    expect(await write(`[${itemJson(id, KEYS.l6, vectorJson(1))}]`)).toEqual({ updated: 1, missing: [] });
  });

  it('keeps jobs.embedding for all-MiniLM-L6-v2 even when the old writer is put back or a row is written by hand', async () => {
    const [id = ''] = await seedJobs(gateway, 1, 850);
    await applyJobEmbeddingsMigration(gateway.db); // puts back write_job_embeddings without its model check
    try {
      await expect(
        call(gateway.db, 'authenticated', 'write_job_embeddings', `[${itemJson(id, KEYS.l12, vectorJson(1))}]`),
      ).rejects.toThrow(/jobs.embedding holds all-MiniLM-L6-v2 vectors only, not Xenova\/all-MiniLM-L12-v2/);
      await expect(
        gateway.db.query(
          `update public.jobs set embedding = '${vectorJson(2)}', embedding_model = '${KEYS.multilingual}' where id = $1`,
          [id],
        ),
      ).rejects.toThrow(/not Xenova\/paraphrase-multilingual-MiniLM-L12-v2/);
      const row = await gateway.db.query<{ embedding: unknown }>('select embedding from public.jobs where id = $1', [
        id,
      ]);
      expect(row.rows[0]?.embedding).toBeNull();
      expect(
        await call(gateway.db, 'authenticated', 'write_job_embeddings', `[${itemJson(id, KEYS.l6, vectorJson(1))}]`),
      ).toEqual({ updated: 1, missing: [] });
    } finally {
      await applyModelEmbeddingsMigration(gateway.db);
    }
  });

  it('write_model_embeddings validates every item and writes nothing when one is bad', async () => {
    const [id = '', other = ''] = await seedJobs(gateway, 2, 900);
    const write = (items: string) => call(gateway.db, 'authenticated', 'write_model_embeddings', items);
    const good = itemJson(id, KEYS.l12, vectorJson(5));
    await expect(write(`[${good}, ${itemJson(other, KEYS.l12, vectorJson(5, 383))}]`)).rejects.toThrow(
      /item 2 .* must have an embedding of 384 or 768 numbers, got 383 values/,
    );
    await expect(write(`[${itemJson(id, KEYS.l12, '"not a list"')}]`)).rejects.toThrow(/got no array/);
    await expect(write(`[${itemJson(id, KEYS.l12, `[${'"x",'.repeat(383)}"x"]`)}]`)).rejects.toThrow(
      /384 embedding values that are not numbers/,
    );
    await expect(write(`[${itemJson(id, KEYS.l6, vectorJson(5))}]`)).rejects.toThrow(
      /all-MiniLM-L6-v2 vector: those go to jobs.embedding through write_job_embeddings/,
    );
    await expect(write(`[${itemJson(id, L12, vectorJson(5))}]`)).rejects.toThrow(/not "<model id>\|<dtype>\|\.\.\."/);
    await expect(write(`[${good}, ${itemJson(id, KEYS.l12, vectorJson(6), 'h2')}]`)).rejects.toThrow(
      /a job appears twice for one model/,
    );
    await expect(write(`[{"id": "job-7", "embedding": ${vectorJson(5)}}]`)).rejects.toThrow(/no valid uuid id/);
    await expect(write('{"not": "an array"}')).rejects.toThrow(/must be a JSON array/);
    const none = await gateway.db.query('select 1 from public.job_embeddings where job_id = any($1)', [[id, other]]);
    expect(none.rows).toEqual([]);

    const missing = jobId(999_998);
    const result = await write(
      `[${good}, ${itemJson(id, KEYS.multilingual, vectorJson(7))}, ${itemJson(other, KEYS.mpnet, vectorJson(8, 768, 768))}, ${itemJson(missing, KEYS.l12, vectorJson(9))}]`,
    );
    expect(result).toEqual({ updated: 3, missing: [missing] });
    const written = await gateway.db.query<{ model_id: string; n: number; n768: number }>(
      `select model_id, vector_dims(embedding) as n, vector_dims(embedding_768) as n768
         from public.job_embeddings where job_id = any($1) order by job_id, model_id`,
      [[id, other]],
    );
    expect(written.rows).toEqual([
      { model_id: L12, n: 384, n768: null },
      { model_id: MULTI, n: 384, n768: null },
      { model_id: MPNET, n: null, n768: 768 },
    ]);
  });

  it("fills match_count for one model even when another model's vectors crowd the shared index", async () => {
    // 60 jobs; near the query only L12 vectors, the multilingual ones scattered: an HNSW scan that reads the
    // first ef_search (40) candidates and then drops other models' rows finds no multilingual row at all.
    const ids = await seedJobs(gateway, 60, 1000);
    const query = fakeVector(77);
    const q = JSON.stringify(Array.from(query));
    const noise = (k: number) => fakeVector(5000 + k);
    const multi = ids.map((_, k) => fakeVector(9000 + k));
    for (const [k, id] of ids.entries()) {
      const near = normalise(query.map((x, i) => x + 0.2 * (noise(k)[i] ?? 0)));
      await call(
        gateway.db,
        null,
        'write_model_embeddings',
        `[${itemJson(id, KEYS.l12, JSON.stringify(Array.from(near)))}, ${itemJson(id, KEYS.multilingual, JSON.stringify(Array.from(multi[k] as Float32Array)))}]`,
      );
    }
    // The exact answer: every multilingual row in the table, compared one by one.
    const expected = (
      await as(gateway.db, null, async (tx) => {
        await tx.exec('set local enable_indexscan = off');
        return tx.query<{ id: string; similarity: number }>(
          `select job_id as id, 1 - (embedding <=> $1::vector) as similarity from public.job_embeddings
            where model_id = $2 order by embedding <=> $1::vector limit 20`,
          [q, MULTI],
        );
      })
    ).rows;
    // The planner picks the HNSW index here as it would on a big table, not a scan and sort of 120 rows.
    const viaIndex = <T>(work: (tx: Transaction) => Promise<T>) =>
      as(gateway.db, null, async (tx) => {
        await tx.exec('set local enable_seqscan = off; set local enable_bitmapscan = off; set local enable_sort = off');
        return work(tx);
      });
    const plain = `select job_id from public.job_embeddings e where e.model_id = '${MULTI}' and e.embedding is not null
                     order by e.embedding <=> '${q}' limit 20`;
    const plan = await viaIndex(async (tx) => (await tx.query<{ 'QUERY PLAN': string }>(`explain ${plain}`)).rows);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using job_embeddings_384_hnsw_idx/);
    const withoutIterative = await viaIndex(async (tx) => (await tx.query(plain)).rows.length);
    expect(withoutIterative).toBeLessThan(20);

    const search = `select id, similarity from public.match_jobs_384($1, $2::vector, 20, -1)`;
    const found = await viaIndex(async (tx) => {
      await tx.exec('set local role anon');
      return (await tx.query<{ id: string; similarity: number }>(search, [MULTI, q])).rows;
    });
    expect(found.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    found.forEach((row, i) => expect(row.similarity).toBeCloseTo(expected[i]?.similarity ?? NaN, 5));

    // It is the function's own hnsw.iterative_scan setting that does it.
    const withoutSetting = await viaIndex(async (tx) => {
      await tx.exec('alter function public.match_jobs_384(text, vector, int, float) reset hnsw.iterative_scan');
      const n = (await tx.query(search, [MULTI, q])).rows.length;
      await tx.rollback();
      return n;
    });
    expect(withoutSetting).toBeLessThan(20);
  });
});
