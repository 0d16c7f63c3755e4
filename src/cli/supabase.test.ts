import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelKeyString } from '../core/jobs/hash';
import { clientFor, fakeVector, seedJobs } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';
import { EXIT } from './failure';
import { runCli } from './run-cli';
import { readSupabaseInput, writeToSupabase } from './supabase-io';
import { captureIo, tempDir } from './test-helpers';

let gateway: Gateway;

beforeAll(async () => {
  // Real PostgreSQL (PGlite + pgvector) with the migration, behind the test-only PostgREST stand-in.
  gateway = await startGateway();
  await seedJobs(gateway, 5);
  await gateway.createUser('cli@careerpilot.test', 'cli-password');
});
afterAll(() => gateway?.close());

const embeddedRows = async () =>
  (
    await gateway.db.query<{ n: number }>(
      "select count(*)::int as n from public.jobs where vector_dims(embedding) = 384 and raw ? 'tag' and jsonb_array_length(raw->'embedding') = 384",
    )
  ).rows[0]?.n;

describe('careerpilot-match with Supabase', () => {
  it('--input supabase --storage local writes the jobs table to jobs_vectors.json with an anon key', async () => {
    const output = join(tempDir(), 'jobs_vectors.json');
    const io = { ...captureIo(), env: { SUPABASE_URL: gateway.url, SUPABASE_ANON_KEY: gateway.anonKey } };
    expect(await runCli(['--input', 'supabase', '--storage', 'local', '--output-file', output], io)).toBe(EXIT.ok);
    const written = JSON.parse(readFileSync(output, 'utf8')) as { raw: { embedding: number[]; tag: number } }[];
    expect(written).toHaveLength(5);
    expect(written.every((job) => job.raw.embedding.length === 384 && typeof job.raw.tag === 'number')).toBe(true);
  });

  it('--storage supabase with an anon key and no user: exit 2, says how to sign in, writes nothing', async () => {
    const io = { ...captureIo(), env: { SUPABASE_URL: gateway.url, SUPABASE_ANON_KEY: gateway.anonKey } };
    expect(await runCli(['--input', 'supabase', '--storage', 'supabase'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('SUPABASE_EMAIL and SUPABASE_PASSWORD');
    expect(await embeddedRows()).toBe(0);
  });

  it('--input supabase --storage supabase signed in writes every row once, keeps raw, and a re-run writes nothing', async () => {
    const env = {
      SUPABASE_URL: gateway.url,
      SUPABASE_PUBLISHABLE_KEY: gateway.anonKey,
      SUPABASE_EMAIL: 'cli@careerpilot.test',
      SUPABASE_PASSWORD: 'cli-password',
    };
    const first = { ...captureIo(), env };
    expect(await runCli(['--input', 'supabase', '--storage', 'supabase'], first)).toBe(EXIT.ok);
    expect(first.err()).toContain('Supabase: 5 written, 0 already up to date, 0 failed');
    expect(await embeddedRows()).toBe(5);
    expect(existsSync('jobs_vectors.json')).toBe(false);

    const second = {
      ...captureIo(),
      env: { SUPABASE_URL: gateway.url, SUPABASE_SERVICE_ROLE_KEY: gateway.serviceRoleKey },
    };
    expect(await runCli(['--input', 'supabase', '--storage', 'supabase'], second)).toBe(EXIT.ok);
    expect(second.err()).toContain('Supabase: 0 written, 5 already up to date, 0 failed');
  });

  it("writes another model's vectors to job_embeddings, leaving the bundled vectors alone", async () => {
    const client = clientFor(gateway, gateway.serviceRoleKey);
    const { jobs } = await readSupabaseInput(client);
    const before = await gateway.db.query('select id, embedding::text, raw from public.jobs order by id');
    const key = { modelId: 'Xenova/all-mpnet-base-v2', dtype: 'fp32', maxTokens: 384 };
    const vectors = new Map(jobs.map((job, n) => [job.id, fakeVector(n + 1, 768)]));
    const report = await writeToSupabase(
      client,
      jobs,
      (job) => vectors.get(job.id),
      key,
      () => undefined,
    );
    expect(report).toEqual({ written: 5, skipped: 0, failed: [] });
    const stored = await gateway.db.query<{ n: number }>(
      `select count(*)::int as n from public.job_embeddings
        where model_id = 'Xenova/all-mpnet-base-v2' and vector_dims(embedding_768) = 768
          and embedding_model = $1`,
      [modelKeyString(key)],
    );
    expect(stored.rows[0]?.n).toBe(5);
    expect((await gateway.db.query('select id, embedding::text, raw from public.jobs order by id')).rows).toEqual(
      before.rows,
    );
  });
});
