import type { SupabaseClient } from '@supabase/supabase-js';
import { failed, type UserError } from '../core/user-error';
import { defaultSleep, supabaseError, type SupabaseFailure } from './errors';
import { withRetries } from './retry';

export interface LoadJobsOptions {
  /** Rows per request (default 500). Supabase may cap it lower (max rows); paging follows what comes back. */
  pageSize?: number;
  onProgress?: (p: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

/** The rows as records, or a UserError: 'cancelled', 'supabase-key-refused' or 'supabase-failed'. */
export type LoadJobsResult = { ok: true; records: Record<string, unknown>[] } | { ok: false; error: UserError };

const COLUMNS = 'id,title,company,location,raw';

interface Page {
  rows: Record<string, unknown>[];
  count: number | null;
  status: number;
  error: SupabaseFailure | null;
}

/**
 * Reads every row of `jobs` (ordered by id, a page at a time) in the original script's shape
 * `{ id, title, company, location, raw }`, for the app to validate with the same parser as files.
 * `raw` comes as stored, `raw.embedding` / `raw.embedding_model` included, so the parser can reuse them.
 * That vector is only ever all-MiniLM-L6-v2's (write_job_embeddings refuses any other model), and it is reused
 * only under the exact model key it names (reusableVector); the other models' vectors, in `job_embeddings`,
 * are not read back at all.
 */
export async function loadJobsFromSupabase(
  client: SupabaseClient,
  options: LoadJobsOptions = {},
): Promise<LoadJobsResult> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 500));
  const { signal } = options;
  const records: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let total: number | null = null;
  let offset = 0;
  for (;;) {
    if (signal?.aborted) return cancelled();
    const first: boolean = total === null;
    const from: number = offset;
    const run = () => {
      let request = client
        .from('jobs')
        .select(COLUMNS, first ? { count: 'exact' } : undefined)
        .order('id', { ascending: true })
        .range(from, from + pageSize - 1)
        .retry(false);
      if (signal) request = request.abortSignal(signal);
      return request;
    };
    let page: Page;
    try {
      const { answer } = await withRetries(run, { maxRetries: 3, baseDelayMs: 500, sleep: defaultSleep, signal });
      page = {
        rows: ('data' in answer && Array.isArray(answer.data) ? answer.data : []) as Record<string, unknown>[],
        count: 'count' in answer && typeof answer.count === 'number' ? answer.count : null,
        status: answer.status,
        error: answer.error,
      };
    } catch {
      return cancelled();
    }
    if (page.error) {
      return { ok: false, error: supabaseError('Loading jobs from Supabase', page.status, page.error) };
    }
    if (first) total = page.count;
    for (const row of page.rows) {
      const id = String(row.id);
      if (seen.has(id)) continue; // a row inserted meanwhile shifted the pages
      seen.add(id);
      records.push(toRecord(row));
    }
    offset += page.rows.length;
    options.onProgress?.({ done: records.length, total: Math.max(total ?? 0, records.length) });
    if (page.rows.length === 0) break;
    if (total !== null ? offset >= total : page.rows.length < pageSize) break;
  }
  return { ok: true, records };
}

const cancelled = () => failed('cancelled', 'Loading jobs from Supabase was cancelled.');

function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  return {
    id: row.id,
    title: row.title ?? null,
    company: row.company ?? null,
    location: row.location ?? null,
    raw: row.raw ?? {},
  };
}
