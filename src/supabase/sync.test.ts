import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, fakeVector, jobId, KEYS, seedJobs, signedInClient } from '../../test/supabase-gateway/fixtures';
import { applyModelEmbeddingsMigration, JOB_EMBEDDINGS_MIGRATION } from '../../test/supabase-gateway/bootstrap';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { NO_SUCH_JOB, NOT_A_UUID, syncEmbeddings, type SyncItem } from './sync';

let gateway: Gateway;
const MODEL = KEYS.l6;

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway?.close();
});
beforeEach(async () => {
  gateway.failNext(0);
  await gateway.db.exec('delete from public.jobs');
});

function itemsFor(ids: string[], version = 'v1'): SyncItem[] {
  return ids.map((id, n) => ({ id, vector: fakeVector(n + 1), model: MODEL, contentHash: `${version}-${n}` }));
}

interface Row {
  id: string;
  embedding: string | null;
  raw: Record<string, unknown>;
  embedding_model: string | null;
  content_hash: string | null;
  embedded_at: Date | null;
}

async function rows(): Promise<Row[]> {
  return (
    await gateway.db.query<Row>(
      'select id, embedding::text as embedding, raw, embedding_model, content_hash, embedded_at from public.jobs order by id',
    )
  ).rows;
}

const noSleep = async () => {};
const writeCalls = () => gateway.requests.filter((r) => r === 'POST /rest/v1/rpc/write_job_embeddings').length;

describe('syncEmbeddings', () => {
  it('writes 384-dim vectors into embedding and raw.embedding, keeping keys another writer adds meanwhile', async () => {
    const ids = await seedJobs(gateway, 25);
    let calls = 0;
    // Another writer changes raw after our read of content_hash, and again between batches.
    const interleavingFetch: typeof fetch = async (input, init) => {
      if (String(input).includes('/rpc/write_job_embeddings')) {
        calls++;
        await gateway.db.query(`update public.jobs set raw = raw || jsonb_build_object($1::text, $2::int)`, [
          `other_writer_${calls}`,
          calls,
        ]);
      }
      return fetch(input, init);
    };
    const client = await signedInClient(gateway, interleavingFetch);
    const progress: { done: number; total: number }[] = [];
    const report = await syncEmbeddings(client, itemsFor(ids), {
      batchSize: 10,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toEqual({ written: 25, skipped: 0, failed: [] });
    expect(calls).toBe(3);
    expect(progress).toEqual([
      { done: 0, total: 25 },
      { done: 10, total: 25 },
      { done: 20, total: 25 },
      { done: 25, total: 25 },
    ]);
    for (const [n, row] of (await rows()).entries()) {
      const vector = JSON.parse(row.embedding ?? 'null') as number[];
      expect(vector).toHaveLength(384);
      const expected = Array.from(fakeVector(n + 1));
      vector.forEach((x, i) => expect(x).toBeCloseTo(expected[i] ?? NaN, 6));
      expect(row.raw.embedding).toHaveLength(384);
      (row.raw.embedding as number[]).forEach((x, i) => expect(x).toBeCloseTo(expected[i] ?? NaN, 6));
      expect(row.raw.embedding_model).toBe(MODEL);
      expect(row.embedding_model).toBe(MODEL);
      expect(row.content_hash).toBe(`v1-${n}`);
      expect(row.embedded_at).toBeInstanceOf(Date);
      // The original keys and every key the other writer added are still there.
      expect(row.raw).toMatchObject({
        description: `Posting number ${n}`,
        requirements: ['TypeScript'],
        tag: n,
        other_writer_1: 1,
        other_writer_2: 2,
        other_writer_3: 3,
      });
    }
  });

  it('writes nothing the second time, and only what changed after that', async () => {
    const ids = await seedJobs(gateway, 30);
    const client = await signedInClient(gateway);
    expect(await syncEmbeddings(client, itemsFor(ids))).toEqual({ written: 30, skipped: 0, failed: [] });
    const before = writeCalls();
    expect(await syncEmbeddings(client, itemsFor(ids))).toEqual({ written: 0, skipped: 30, failed: [] });
    expect(writeCalls()).toBe(before);
    const changed = itemsFor(ids).map((item, n) => (n < 4 ? { ...item, contentHash: `v2-${n}` } : item));
    expect(await syncEmbeddings(client, changed)).toEqual({ written: 4, skipped: 26, failed: [] });
    const newModel = itemsFor(ids).map((item) => ({ ...item, model: KEYS.l6.replace('|int8|', '|fp32|') }));
    expect((await syncEmbeddings(client, newModel)).written).toBe(30);
  });

  it('resumes through dropped connections with back-off, writing every row once', async () => {
    const ids = await seedJobs(gateway, 50);
    const client = await signedInClient(gateway);
    const delays: number[] = [];
    const before = writeCalls();
    const report = await syncEmbeddings(client, itemsFor(ids), {
      batchSize: 10,
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
      onProgress: ({ done }) => {
        if (done === 20) gateway.failNext(2); // the next two requests (the third batch, twice) are dropped
      },
    });
    expect(report).toEqual({ written: 50, skipped: 0, failed: [] });
    expect(writeCalls() - before).toBe(5 + 2);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThan(200);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThan(300);
    const counts = await gateway.db.query<{ written: number; distinct_ids: number; total: number }>(
      `select count(*) filter (where embedding is not null and jsonb_array_length(raw->'embedding') = 384)::int as written,
              count(distinct id)::int as distinct_ids, count(*)::int as total from public.jobs`,
    );
    expect(counts.rows[0]).toEqual({ written: 50, distinct_ids: 50, total: 50 });
  });

  it('gives up after maxRetries, reporting each item of the batches it could not write', async () => {
    const ids = await seedJobs(gateway, 5);
    const client = await signedInClient(gateway);
    const report = await syncEmbeddings(client, itemsFor(ids), {
      maxRetries: 2,
      sleep: noSleep,
      onProgress: ({ done }) => {
        if (done === 0) gateway.failNext(1000); // the network goes away after the read, before the write
      },
    });
    gateway.failNext(0);
    expect(report.written).toBe(0);
    expect(report.failed.map((f) => f.id)).toEqual(ids);
    expect(report.failed[0]?.error.message).toMatch(
      /^Writing all-MiniLM-L6-v2 embeddings to Supabase failed: Supabase could not be reached/,
    );
    expect(report.failed[0]?.error.message).toMatch(/gave up after 3 tries/);

    gateway.failNext(1000); // no network from the start: the up-to-date check fails the same way
    const early = await syncEmbeddings(client, itemsFor(ids), { maxRetries: 1, sleep: noSleep });
    gateway.failNext(0);
    expect(early.failed).toHaveLength(5);
    expect(early.failed[0]?.error.message).toMatch(
      /^Checking which all-MiniLM-L6-v2 embeddings .* could not be reached.*gave up after 2 tries/,
    );
  });

  it('picks up where a cancelled sync stopped', async () => {
    const ids = await seedJobs(gateway, 40);
    const client = await signedInClient(gateway);
    const controller = new AbortController();
    const first = await syncEmbeddings(client, itemsFor(ids), {
      batchSize: 10,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 20) controller.abort(); // e.g. the page was reloaded
      },
    });
    expect(first.written).toBe(20);
    expect(first.failed).toHaveLength(20);
    expect(first.failed[0]?.error).toMatchObject({ code: 'cancelled', message: /cancelled/ });
    const second = await syncEmbeddings(client, itemsFor(ids), { batchSize: 10 });
    expect(second).toEqual({ written: 20, skipped: 20, failed: [] });
  });

  it('refuses anonymous writes through RLS and grants, leaving the rows unchanged', async () => {
    const ids = await seedJobs(gateway, 3);
    const anon = clientFor(gateway, gateway.anonKey);
    let slept = 0;
    const report = await syncEmbeddings(anon, itemsFor(ids), {
      sleep: async () => {
        slept++;
      },
    });
    expect(report.written).toBe(0);
    expect(report.failed.map((f) => f.id)).toEqual(ids);
    for (const failure of report.failed) {
      expect(failure.error.code).toBe('supabase-key-refused');
      expect(failure.error.where).toEqual({ jobId: failure.id });
      expect(failure.error.message).toMatch(/permission denied for function write_job_embeddings/);
      expect(failure.error.message).toMatch(/[Ss]ign in to write embeddings/);
    }
    expect(slept).toBe(0); // a 4xx is never retried
    for (const row of await rows()) {
      expect(row.embedding).toBeNull();
      expect(row.content_hash).toBeNull();
      expect(row.raw).not.toHaveProperty('embedding');
    }
  });

  it('fails ids that are not UUIDs or not in the table, and vectors of the wrong size or length', async () => {
    const ids = await seedJobs(gateway, 2);
    const client = await signedInClient(gateway);
    const items: SyncItem[] = [
      ...itemsFor(ids),
      { id: 'job-7', vector: fakeVector(9), model: MODEL, contentHash: 'x' },
      { id: jobId(123_456), vector: fakeVector(9), model: MODEL, contentHash: 'x' },
      { id: jobId(777_777), vector: new Float32Array(383), model: MODEL, contentHash: 'x' },
      { id: jobId(888_888), vector: fakeVector(9).map((x) => x * 50), model: MODEL, contentHash: 'x' },
      { id: jobId(999_999), vector: new Float32Array(384), model: MODEL, contentHash: 'x' },
    ];
    const report = await syncEmbeddings(client, items);
    expect(report.written).toBe(2);
    const failure = (id: string, code: string, message: unknown) => ({
      id,
      error: { code, message, where: { jobId: id } },
    });
    expect(report.failed).toEqual([
      failure('job-7', 'invalid-input', NOT_A_UUID),
      failure(jobId(777_777), 'invalid-vector', expect.stringMatching(/383 numbers/)),
      failure(jobId(888_888), 'invalid-vector', expect.stringMatching(/^vector has length 50\.00, not 1/)),
      failure(jobId(999_999), 'invalid-vector', 'vector is all zeros'),
      failure(jobId(123_456), 'invalid-input', NO_SUCH_JOB),
    ]);
  });

  it('says to apply the migration when the columns are missing', async () => {
    const bare = await startGateway({ migrate: false });
    try {
      await bare.db.exec(`create table public.jobs (id uuid primary key, title text, company text, location text,
        raw jsonb); grant select on public.jobs to anon, authenticated;`);
      await bare.db.query('insert into public.jobs (id) values ($1)', [jobId(1)]);
      const client = await signedInClient(bare);
      const report = await syncEmbeddings(client, itemsFor([jobId(1)]));
      expect(report.failed[0]?.error.message).toMatch(/Apply supabase\/migrations\/20261125120000_job_embeddings\.sql/);
    } finally {
      await bare.close();
    }
  });
});

interface ModelRow {
  job_id: string;
  model_id: string;
  embedding_model: string;
  content_hash: string;
  embedding: string | null;
  embedding_768: string | null;
}

async function modelRows(): Promise<ModelRow[]> {
  return (
    await gateway.db.query<ModelRow>(
      `select job_id, model_id, embedding_model, content_hash, embedding::text as embedding,
              embedding_768::text as embedding_768
         from public.job_embeddings order by job_id, model_id`,
    )
  ).rows;
}

function expectVector(stored: string | null, expected: Float32Array) {
  const vector = JSON.parse(stored ?? 'null') as number[];
  expect(vector).toHaveLength(expected.length);
  vector.forEach((x, i) => expect(x).toBeCloseTo(expected[i] ?? NaN, 6));
}

const modelWrites = () => gateway.requests.filter((r) => r === 'POST /rest/v1/rpc/write_model_embeddings').length;

describe('syncEmbeddings with the opt-in models', () => {
  const L12 = 'Xenova/all-MiniLM-L12-v2';
  const MULTI = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
  const MPNET = 'Xenova/all-mpnet-base-v2';
  const item = (id: string, model: string, vector: Float32Array, contentHash = 'h1'): SyncItem => ({
    id,
    vector,
    model,
    contentHash,
  });

  it('keeps each model apart: L6 in jobs, L12 and multilingual side by side, mpnet as 768 numbers', async () => {
    const ids = await seedJobs(gateway, 3);
    const client = await signedInClient(gateway);
    const items = ids.flatMap((id, n) => [
      item(id, KEYS.l6, fakeVector(n + 1)),
      item(id, KEYS.l12, fakeVector(100 + n)),
      item(id, KEYS.multilingual, fakeVector(200 + n)),
      item(id, KEYS.mpnet, fakeVector(300 + n, 768)),
    ]);
    expect(await syncEmbeddings(client, items, { batchSize: 2 })).toEqual({ written: 12, skipped: 0, failed: [] });

    for (const [n, row] of (await rows()).entries()) {
      expectVector(row.embedding, fakeVector(n + 1));
      expect(row.embedding_model).toBe(KEYS.l6);
      expect(row.raw.embedding_model).toBe(KEYS.l6);
      expect(row.raw.embedding).toHaveLength(384);
    }
    const stored = await modelRows();
    expect(stored.map((r) => [r.job_id, r.model_id])).toEqual(
      ids.flatMap((id) => [
        [id, L12],
        [id, MPNET],
        [id, MULTI],
      ]),
    );
    for (const [k, row] of stored.entries()) {
      const n = Math.floor(k / 3);
      const seed = { [L12]: 100, [MULTI]: 200, [MPNET]: 300 }[row.model_id] ?? NaN;
      if (row.model_id === MPNET) {
        expect(row.embedding).toBeNull();
        expectVector(row.embedding_768, fakeVector(seed + n, 768));
      } else {
        expect(row.embedding_768).toBeNull();
        expectVector(row.embedding, fakeVector(seed + n));
      }
      expect(row.embedding_model).toBe(
        { [L12]: KEYS.l12, [MULTI]: KEYS.multilingual, [MPNET]: KEYS.mpnet }[row.model_id],
      );
    }

    // A new L12 vector replaces the L12 row only.
    const newL12 = ids.map((id, n) => item(id, KEYS.l12, fakeVector(400 + n), 'h2'));
    expect(await syncEmbeddings(client, newL12)).toEqual({ written: 3, skipped: 0, failed: [] });
    const after = await modelRows();
    for (const [k, row] of after.entries()) {
      const n = Math.floor(k / 3);
      if (row.model_id === L12) expectVector(row.embedding, fakeVector(400 + n));
      else expect(row).toEqual(stored[k]);
    }
    for (const [n, row] of (await rows()).entries()) expectVector(row.embedding, fakeVector(n + 1));
  });

  it("skips what is up to date by reading that model's row, not another model's", async () => {
    const ids = await seedJobs(gateway, 5);
    const client = await signedInClient(gateway);
    const of = (model: string, hash = 'h1') => ids.map((id, n) => item(id, model, fakeVector(n + 1), hash));
    expect(await syncEmbeddings(client, of(KEYS.l12))).toEqual({ written: 5, skipped: 0, failed: [] });
    const before = modelWrites();
    expect(await syncEmbeddings(client, of(KEYS.l12))).toEqual({ written: 0, skipped: 5, failed: [] });
    expect(modelWrites()).toBe(before);
    // Same jobs, same texts, another model: nothing of it is stored yet.
    expect(await syncEmbeddings(client, of(KEYS.multilingual))).toEqual({ written: 5, skipped: 0, failed: [] });
    expect(await syncEmbeddings(client, of(KEYS.l6))).toEqual({ written: 5, skipped: 0, failed: [] });
    const changed = of(KEYS.l12).map((it, n) => (n < 2 ? { ...it, contentHash: 'h2' } : it));
    expect(await syncEmbeddings(client, changed)).toEqual({ written: 2, skipped: 3, failed: [] });
    const otherDtype = of(KEYS.l12.replace('|fp32|', '|fp16|'));
    expect((await syncEmbeddings(client, otherDtype)).written).toBe(5);
  });

  it('refuses unknown models and vectors of the wrong size for their model, saying which model', async () => {
    const [id = '', other = ''] = await seedJobs(gateway, 2);
    const client = await signedInClient(gateway);
    const report = await syncEmbeddings(client, [
      item(id, 'sentence-transformers/all-MiniLM-L6-v2|fp32|256|text-v2', fakeVector(1)),
      item(id, L12, fakeVector(2)), // a model id, not a model key
      item(id, KEYS.mpnet, fakeVector(3)),
      item(other, KEYS.l12, fakeVector(4, 768)),
      item(other, KEYS.multilingual, fakeVector(5)),
    ]);
    expect(report.written).toBe(1);
    expect(report.failed.map((f) => [f.id, f.error.code])).toEqual([
      [id, 'invalid-input'],
      [id, 'invalid-input'],
      [id, 'invalid-vector'],
      [other, 'invalid-vector'],
    ]);
    const [unknown, bare, mpnet, l12] = report.failed.map((f) => f.error.message);
    expect(unknown).toMatch(/model CareerPilot Match does not know \("sentence-transformers\/all-MiniLM-L6-v2\|/);
    expect(unknown).toMatch(/all-MiniLM-L6-v2, all-MiniLM-L12-v2, all-mpnet-base-v2/);
    expect(bare).toMatch(/does not know \("Xenova\/all-MiniLM-L12-v2"\)/);
    expect(mpnet).toBe('vector has 384 numbers; all-mpnet-base-v2 vectors have 768');
    expect(l12).toBe('vector has 768 numbers; all-MiniLM-L12-v2 vectors have 384');
    expect((await modelRows()).map((r) => [r.job_id, r.model_id])).toEqual([[other, MULTI]]);
    for (const row of await rows()) expect(row.embedding).toBeNull();
  });

  it('reports jobs the table does not have', async () => {
    const [id = ''] = await seedJobs(gateway, 1);
    const client = await signedInClient(gateway);
    const gone = jobId(424_242);
    const report = await syncEmbeddings(client, [
      item(id, KEYS.mpnet, fakeVector(1, 768)),
      item(gone, KEYS.mpnet, fakeVector(2, 768)),
    ]);
    expect(report).toEqual({
      written: 1,
      skipped: 0,
      failed: [{ id: gone, error: { code: 'invalid-input', message: NO_SUCH_JOB, where: { jobId: gone } } }],
    });
  });

  it('refuses anonymous writes to job_embeddings', async () => {
    const ids = await seedJobs(gateway, 2);
    const anon = clientFor(gateway, gateway.anonKey);
    const report = await syncEmbeddings(
      anon,
      ids.map((id, n) => item(id, KEYS.l12, fakeVector(n + 1))),
      { sleep: noSleep },
    );
    expect(report.written).toBe(0);
    expect(report.failed).toHaveLength(2);
    expect(report.failed[0]?.error.code).toBe('supabase-key-refused');
    expect(report.failed[0]?.error.message).toMatch(
      /^Writing all-MiniLM-L12-v2 embeddings to Supabase failed: permission denied for function write_model_embeddings/,
    );
    expect(await modelRows()).toEqual([]);
  });

  it('names the migration to apply when it is missing, and still writes the bundled model', async () => {
    const older = await startGateway({ migrations: [JOB_EMBEDDINGS_MIGRATION] });
    try {
      const ids = await seedJobs(older, 2);
      const client = await signedInClient(older);
      const items = ids.flatMap((id, n) => [
        item(id, KEYS.l6, fakeVector(n + 1)),
        item(id, KEYS.l12, fakeVector(n + 9)),
      ]);
      const report = await syncEmbeddings(client, items);
      expect(report.written).toBe(2);
      expect(report.failed.map((f) => f.id)).toEqual(ids);
      expect(report.failed[0]?.error.message).toMatch(
        /^Checking which all-MiniLM-L12-v2 embeddings Supabase already has failed: .*job_embeddings.*Apply supabase\/migrations\/20261130120000_model_embeddings\.sql to your Supabase project/,
      );

      // The table is there but not its writer (a half-applied migration, say).
      await applyModelEmbeddingsMigration(older.db);
      await older.db.exec('drop function public.write_model_embeddings(jsonb)');
      const again = await syncEmbeddings(client, items);
      expect(again.skipped).toBe(2);
      expect(again.failed[0]?.error.message).toMatch(
        /^Writing all-MiniLM-L12-v2 embeddings to Supabase failed: .*write_model_embeddings.*Apply supabase\/migrations\/20261130120000_model_embeddings\.sql/,
      );
    } finally {
      await older.close();
    }
  });
});
