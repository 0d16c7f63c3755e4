import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, fakeVector, jobId, seedJobs, signedInClient } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { NO_SUCH_JOB, NOT_A_UUID, syncEmbeddings, type SyncItem } from './sync';

let gateway: Gateway;
const MODEL = 'Xenova/all-MiniLM-L6-v2@int8';

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
    const newModel = itemsFor(ids).map((item) => ({ ...item, model: 'Xenova/all-MiniLM-L6-v2@fp32' }));
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
      /^Writing embeddings to Supabase failed: Supabase could not be reached/,
    );
    expect(report.failed[0]?.error.message).toMatch(/gave up after 3 tries/);

    gateway.failNext(1000); // no network from the start: the up-to-date check fails the same way
    const early = await syncEmbeddings(client, itemsFor(ids), { maxRetries: 1, sleep: noSleep });
    gateway.failNext(0);
    expect(early.failed).toHaveLength(5);
    expect(early.failed[0]?.error.message).toMatch(
      /^Checking which embeddings .* could not be reached.*gave up after 2 tries/,
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
