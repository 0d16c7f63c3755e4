/** Helpers for the Supabase tests: deterministic ids and unit vectors, seeding, clients. */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { modelKeyString } from '../../src/core/jobs/hash';
import { NO_REALTIME } from '../../src/supabase/client-options';
import type { Gateway } from './gateway';

export const DIMENSIONS = 384;

/** The model key strings (modelKeyString) the tests write under, one per model of src/core/models.ts. */
export const KEYS = {
  l6: modelKeyString({ modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 }),
  l12: modelKeyString({ modelId: 'Xenova/all-MiniLM-L12-v2', dtype: 'fp32', maxTokens: 128 }),
  mpnet: modelKeyString({ modelId: 'Xenova/all-mpnet-base-v2', dtype: 'fp32', maxTokens: 384 }),
  multilingual: modelKeyString({
    modelId: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    dtype: 'fp32',
    maxTokens: 128,
  }),
} as const;

/** A uuid-shaped id that sorts by n. */
export function jobId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A deterministic pseudo-random unit vector (mulberry32) of `dims` float32 values (384 unless told). */
export function fakeVector(seed: number, dims = DIMENSIONS): Float32Array {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = next() * 2 - 1;
  return normalise(v);
}

export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

/** Inserts jobs 0..count-1 (as the table owner) with a raw object carrying a description and a tag. */
export async function seedJobs(gateway: Gateway, count: number, first = 0): Promise<string[]> {
  const ids: string[] = [];
  await gateway.db.transaction(async (tx) => {
    for (let n = first; n < first + count; n++) {
      const id = jobId(n);
      ids.push(id);
      await tx.query('insert into public.jobs (id, title, company, location, raw) values ($1, $2, $3, $4, $5)', [
        id,
        `Job ${n}`,
        `Company ${n % 7}`,
        n % 2 === 0 ? 'Remote' : 'Berlin',
        JSON.stringify({ description: `Posting number ${n}`, requirements: ['TypeScript'], tag: n }),
      ]);
    }
  });
  return ids;
}

export function clientFor(gateway: Gateway, key: string, fetchImpl?: typeof fetch): SupabaseClient {
  return createClient(gateway.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: NO_REALTIME,
    ...(fetchImpl ? { global: { fetch: fetchImpl } } : {}),
  });
}

/** A client signed in as a fresh user (password sign-in through /auth/v1/token). */
export async function signedInClient(gateway: Gateway, fetchImpl?: typeof fetch): Promise<SupabaseClient> {
  const email = `user-${Math.random().toString(36).slice(2)}@careerpilot.test`;
  await gateway.createUser(email, 'correct horse');
  const client = clientFor(gateway, gateway.anonKey, fetchImpl);
  const { error } = await client.auth.signInWithPassword({ email, password: 'correct horse' });
  if (error) throw new Error(`sign-in failed: ${error.message}`);
  return client;
}
