import type { SupabaseClient } from '@supabase/supabase-js';
import { failed, type UserError } from '../core/user-error';
import { supabaseError } from './errors';
import { EMBEDDING_DIMENSIONS } from './sync';

export interface SupabaseMatch {
  id: string;
  title: string;
  company: string;
  location: string;
  similarity: number;
}

/** The matches, or a UserError: 'invalid-vector', 'supabase-key-refused' or 'supabase-failed'. */
export type SearchResult = { ok: true; matches: SupabaseMatch[] } | { ok: false; error: UserError };

/** The nearest jobs to a (unit) query vector, computed by `match_jobs` on the server (cosine, HNSW). */
export async function searchJobsInSupabase(
  client: SupabaseClient,
  queryVector: ArrayLike<number>,
  options: { matchCount: number; minSimilarity: number },
): Promise<SearchResult> {
  if (queryVector.length !== EMBEDDING_DIMENSIONS) {
    return failed(
      'invalid-vector',
      `The query vector has ${queryVector.length} numbers; match_jobs expects ${EMBEDDING_DIMENSIONS} (all-MiniLM-L6-v2).`,
    );
  }
  const values = Array.from(queryVector, (x) => Number(x.toPrecision(9)));
  if (values.some((x) => !Number.isFinite(x))) {
    return failed('invalid-vector', 'The query vector contains a value that is not a finite number.');
  }
  let answer;
  try {
    answer = await client.rpc('match_jobs', {
      query_embedding: `[${values.join(',')}]`,
      match_count: Math.max(0, Math.floor(options.matchCount)),
      min_similarity: options.minSimilarity,
    });
  } catch (error) {
    return { ok: false, error: supabaseError('Searching jobs in Supabase', 0, { message: (error as Error).message }) };
  }
  if (answer.error) {
    return { ok: false, error: supabaseError('Searching jobs in Supabase', answer.status, answer.error) };
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
