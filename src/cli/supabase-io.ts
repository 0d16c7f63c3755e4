import type { SupabaseClient } from '@supabase/supabase-js';
import { modelKeyString, sha256Hex } from '../core/jobs/hash';
import type { Job, ModelKey } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { jobText } from '../core/jobs/text';
import { loadJobsFromSupabase } from '../supabase/load-jobs';
import { syncEmbeddings, type SyncReport } from '../supabase/sync';
import { userError } from '../core/user-error';
import { CliFailure, EXIT } from './failure';
import type { JobsInput } from './jobs-input';
import { outputRecords } from './output-records';

/** `--input supabase`: the jobs table, paged, validated exactly like a file. */
export async function readSupabaseInput(client: SupabaseClient): Promise<JobsInput> {
  const loaded = await loadJobsFromSupabase(client);
  if (!loaded.ok) {
    const { code, message } = loaded.error;
    throw new CliFailure(EXIT.input, userError(code, `Cannot load jobs from Supabase: ${message}`));
  }
  const parsed = await parseJobsFile('supabase-jobs.json', JSON.stringify(loaded.records));
  if (!parsed.ok) {
    const { code, message, where } = parsed.error;
    const failure = userError(code, `The Supabase jobs table cannot be used: ${message}`, { ...where, file: 'jobs' });
    throw new CliFailure(EXIT.input, failure);
  }
  // Rows that cannot be used go to a local output unchanged, like a file's records.
  const rows = loaded.records.map((value: unknown, index) => ({ record: index + 1, value }));
  return {
    jobs: parsed.jobs,
    problems: parsed.problems,
    format: 'Supabase jobs table',
    records: outputRecords(parsed.jobs, rows),
    otherTopLevelKeys: [],
  };
}

/**
 * `--storage supabase`: writes the vectors that are missing or stale in Supabase and reports the rest. `key`
 * decides where they go: the bundled model's to `jobs.embedding`, any other model's to its own rows of
 * `job_embeddings` (see syncEmbeddings), so a run with another `--model` never replaces the bundled vectors.
 */
export async function writeToSupabase(
  client: SupabaseClient,
  jobs: readonly Job[],
  vectorOf: (job: Job) => Float32Array | undefined,
  key: ModelKey,
  onProgress: (progress: { done: number; total: number }) => void,
): Promise<SyncReport> {
  const model = modelKeyString(key);
  const items = await Promise.all(
    jobs
      .filter((job) => vectorOf(job))
      .map(async (job) => ({
        id: job.id,
        vector: vectorOf(job) as Float32Array,
        model,
        contentHash: await sha256Hex(jobText(job)),
      })),
  );
  return syncEmbeddings(client, items, { onProgress });
}
