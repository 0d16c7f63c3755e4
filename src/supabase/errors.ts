import { userError, type ErrorPlace } from '../core/user-error';

/** What supabase-js hands back on failure: a PostgrestError-like value plus the HTTP status (0 = no answer). */
export interface SupabaseFailure {
  message: string;
  code?: string | null;
  details?: string | null;
  hint?: string | null;
}

/** The migration behind `jobs.embedding`, `write_job_embeddings` and `match_jobs` (the bundled model). */
export const MIGRATION_FILE = 'supabase/migrations/20261125120000_job_embeddings.sql';
/** The migration behind `job_embeddings`, `write_model_embeddings` and `match_jobs_384`/`_768` (the other models). */
export const MODEL_EMBEDDINGS_MIGRATION_FILE = 'supabase/migrations/20261130120000_model_embeddings.sql';

/** Network failures, timeouts, rate limits and server errors are worth another try; other 4xx are not. */
export function isTransient(status: number, error: SupabaseFailure | null): boolean {
  if (status === 0 || status === 408 || status === 429 || status >= 500) return true;
  return Boolean(error && /fetch failed|network|ECONNRESET|socket hang up/i.test(error.message) && status < 400);
}

/**
 * A failed Supabase request as a UserError: 'supabase-key-refused' when the key, session or row-level
 * security refused it (sign in, or use another key), otherwise 'supabase-failed'. The message is
 * describeFailure's; `migration` is the file that defines what the request needed.
 */
export function supabaseError(
  action: string,
  status: number,
  error: SupabaseFailure | null,
  where?: ErrorPlace,
  migration: string = MIGRATION_FILE,
) {
  const refused = error?.code === '42501' || status === 401 || status === 403;
  return userError(
    refused ? 'supabase-key-refused' : 'supabase-failed',
    describeFailure(action, status, error, migration),
    where,
  );
}

/**
 * A message for a person: what failed and what to do. `action` names what was being done
 * ("Loading jobs", "Writing embeddings", ...). A missing table, column or function names `migration` as the
 * file to apply.
 */
export function describeFailure(
  action: string,
  status: number,
  error: SupabaseFailure | null,
  migration: string = MIGRATION_FILE,
): string {
  const message = error?.message?.trim() || `HTTP ${status}`;
  const code = error?.code ?? '';
  if (status === 0) {
    return `${action} failed: Supabase could not be reached (${message}). Check the project URL and your connection, then try again.`;
  }
  if (code === '42501' || status === 401 || status === 403) {
    if (/jwt|api key|apikey/i.test(message)) {
      return `${action} failed: Supabase refused the key or session (${message}). Check the key, or sign in again.`;
    }
    return `${action} failed: ${message}. Sign in to write embeddings: the publishable (anon) key may only read jobs, and Row Level Security lets only signed-in users update them.`;
  }
  if (code === 'PGRST202' || code === '42883' || code === 'PGRST205' || code === '42P01' || code === '42703') {
    return `${action} failed: ${message}. Apply ${migration} to your Supabase project (SQL editor or \`supabase db push\`), then try again.`;
  }
  if (status === 429)
    return `${action} failed: Supabase is rate limiting requests (${message}). Wait a minute and try again.`;
  if (status >= 500) return `${action} failed: Supabase answered with a server error (${message}). Try again later.`;
  return `${action} failed: ${message}${error?.hint ? ` (${error.hint})` : ''}.`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
