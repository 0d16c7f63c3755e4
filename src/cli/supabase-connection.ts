import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { NO_REALTIME } from '../supabase/client-options';
import { classifyKey } from '../supabase/keys';
import { userError } from '../core/user-error';
import { CliFailure, EXIT, usageFailure } from './failure';

/** The environment variables (or .env entries) the Supabase input and storage read. */
export type SupabaseEnv = Partial<
  Record<
    | 'SUPABASE_URL'
    | 'SUPABASE_SECRET_KEY'
    | 'SUPABASE_SERVICE_ROLE_KEY'
    | 'SUPABASE_PUBLISHABLE_KEY'
    | 'SUPABASE_ANON_KEY'
    | 'SUPABASE_EMAIL'
    | 'SUPABASE_PASSWORD',
    string
  >
>;

/**
 * A Supabase client for the CLI. A secret (or service-role) key may write on its own, as the original
 * script did; a publishable (or anon) key can read, and writes after signing in with SUPABASE_EMAIL and
 * SUPABASE_PASSWORD, which the table's row-level security requires.
 */
export async function connectSupabase(env: SupabaseEnv, needsWrite: boolean): Promise<SupabaseClient> {
  const url = env.SUPABASE_URL?.trim();
  if (!url) throw usageFailure('SUPABASE_URL is not set (in the environment or a .env file).', 'SUPABASE_URL');
  const key = [
    env.SUPABASE_SECRET_KEY,
    env.SUPABASE_SERVICE_ROLE_KEY,
    env.SUPABASE_PUBLISHABLE_KEY,
    env.SUPABASE_ANON_KEY,
  ]
    .map((value) => value?.trim())
    .find(Boolean);
  if (!key) {
    throw usageFailure(
      'No Supabase key is set: set SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY), or SUPABASE_PUBLISHABLE_KEY (or SUPABASE_ANON_KEY) with SUPABASE_EMAIL and SUPABASE_PASSWORD.',
      'SUPABASE_SECRET_KEY',
    );
  }
  const client = createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: NO_REALTIME,
  });
  const kind = classifyKey(key);
  const canWriteAlone = kind === 'secret' || kind === 'legacy-service-role';
  if (needsWrite && !canWriteAlone) {
    if (!env.SUPABASE_EMAIL || !env.SUPABASE_PASSWORD) {
      throw usageFailure(
        'Writing embeddings with a publishable key needs a signed-in user: set SUPABASE_EMAIL and SUPABASE_PASSWORD, or use SUPABASE_SECRET_KEY.',
        'SUPABASE_EMAIL',
      );
    }
    const { error } = await client.auth.signInWithPassword({
      email: env.SUPABASE_EMAIL,
      password: env.SUPABASE_PASSWORD,
    });
    if (error) {
      const message = `Signing in to Supabase as ${env.SUPABASE_EMAIL} failed: ${error.message}`;
      throw new CliFailure(EXIT.usage, userError('supabase-key-refused', message, { field: 'SUPABASE_EMAIL' }));
    }
  }
  return client;
}
