import { isTransient, type SupabaseFailure } from './errors';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

interface Answer {
  error: SupabaseFailure | null;
  status: number;
}

/** Exponential back-off with jitter: base·2^attempt, plus up to one base of random spread. */
export function backoffDelay(attempt: number, baseDelayMs: number): number {
  return baseDelayMs * 2 ** attempt + Math.random() * baseDelayMs;
}

/**
 * Runs a supabase-js request, again after a pause while it fails with a network error, 408, 429 or 5xx
 * (never on other 4xx, which would fail the same way). A thrown error (other than an abort) counts as a
 * network failure with status 0. Returns the last answer and how many tries it took.
 */
export async function withRetries<T extends Answer>(
  run: () => PromiseLike<T>,
  policy: RetryPolicy,
): Promise<{ answer: T | Answer; tries: number }> {
  for (let attempt = 0; ; attempt++) {
    let answer: T | Answer;
    try {
      answer = await run();
    } catch (error) {
      if (policy.signal?.aborted) throw error;
      answer = { status: 0, error: { message: error instanceof Error ? error.message : String(error) } };
    }
    const transient = answer.error !== null && isTransient(answer.status, answer.error);
    if (!transient || attempt >= policy.maxRetries || policy.signal?.aborted) return { answer, tries: attempt + 1 };
    await policy.sleep(backoffDelay(attempt, policy.baseDelayMs));
    if (policy.signal?.aborted) return { answer, tries: attempt + 1 };
  }
}
