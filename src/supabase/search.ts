import type { SupabaseClient } from '@supabase/supabase-js';
import { modelSpec } from '../core/models';
import { failed, type UserError } from '../core/user-error';
import { MIGRATION_FILE, MODEL_EMBEDDINGS_MIGRATION_FILE, supabaseError } from './errors';

export interface SupabaseMatch {
  id: string;
  title: string;
  company: string;
  location: string;
  similarity: number;
}

/**
 * The matches, or a UserError: 'invalid-input' (a model CareerPilot Match does not know), 'invalid-vector',
 * 'supabase-key-refused' or 'supabase-failed'.
 */
export type SearchResult = { ok: true; matches: SupabaseMatch[] } | { ok: false; error: UserError };

export interface SearchOptions {
  matchCount: number;
  minSimilarity: number;
  /** The model that made `queryVector` (`Xenova/...`): only that model's vectors are searched. */
  modelId: string;
}

/**
 * The nearest jobs to a (unit) query vector, computed on the server (cosine, HNSW) among the vectors of
 * `options.modelId` only: `match_jobs` for the bundled model (jobs.embedding), `match_jobs_384` /
 * `match_jobs_768` for the others (job_embeddings). Vectors of two models are never compared.
 */
export async function searchJobsInSupabase(
  client: SupabaseClient,
  queryVector: ArrayLike<number>,
  options: SearchOptions,
): Promise<SearchResult> {
  const spec = modelSpec(options.modelId);
  if (!spec) {
    return failed(
      'invalid-input',
      `Cannot search Supabase with vectors of ${JSON.stringify(options.modelId)}: it is not a model CareerPilot Match knows.`,
    );
  }
  if (queryVector.length !== spec.dim) {
    return failed(
      'invalid-vector',
      `The query vector has ${queryVector.length} numbers; ${spec.name} vectors have ${spec.dim}.`,
    );
  }
  const values = Array.from(queryVector, (x) => Number(x.toPrecision(9)));
  if (values.some((x) => !Number.isFinite(x))) {
    return failed('invalid-vector', 'The query vector contains a value that is not a finite number.');
  }
  const args = {
    query_embedding: `[${values.join(',')}]`,
    match_count: Math.max(0, Math.floor(options.matchCount)),
    min_similarity: options.minSimilarity,
  };
  const action = `Searching jobs in Supabase with ${spec.name} vectors`;
  const migration = spec.bundled ? MIGRATION_FILE : MODEL_EMBEDDINGS_MIGRATION_FILE;
  let answer;
  try {
    answer = spec.bundled
      ? await client.rpc('match_jobs', args)
      : await client.rpc(`match_jobs_${spec.dim}`, { model_id: spec.id, ...args });
  } catch (error) {
    return { ok: false, error: supabaseError(action, 0, { message: (error as Error).message }, undefined, migration) };
  }
  if (answer.error) {
    return { ok: false, error: supabaseError(action, answer.status, answer.error, undefined, migration) };
  }
  const rows = (Array.isArray(answer.data) ? answer.data : []) as Record<string, unknown>[];
  return {
    ok: true,
    matches: rows.map((row) => ({
      id: String(row.id),
      title: typeof row.title === 'string' ? row.title : '',
      company: typeof row.company === 'string' ? row.company : '',
      location: typeof row.location === 'string' ? row.location : '',
      similarity: Number(row.similarity),
    })),
  };
}
