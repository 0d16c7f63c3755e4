import type { SupabaseClient } from '@supabase/supabase-js';
import { vectorProblem as unitVectorProblem } from '../core/vector-check';
import { userError, type UserError, type UserErrorCode } from '../core/user-error';
import { defaultSleep, supabaseError, UUID_PATTERN, type SupabaseFailure } from './errors';
import { withRetries, type RetryPolicy } from './retry';

export const EMBEDDING_DIMENSIONS = 384;

export interface SyncItem {
  id: string;
  vector: ArrayLike<number>;
  model: string;
  contentHash: string;
}

export interface SyncOptions {
  /** Items per write_job_embeddings call (default 100). */
  batchSize?: number;
  /** Further tries after a network error, 408, 429 or 5xx (default 5); never after other 4xx. */
  maxRetries?: number;
  /** First back-off pause; doubles each try, plus jitter (default 500 ms). */
  baseDelayMs?: number;
  /** `done` counts items settled (written, skipped or failed). Called once after the up-to-date check. */
  onProgress?: (p: { done: number; total: number }) => void;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export interface SyncReport {
  written: number;
  skipped: number;
  /**
   * Each item not written, with why (`where.jobId` is its id): 'invalid-input' (not a UUID, listed twice,
   * no such job, no model or hash), 'invalid-vector', 'cancelled', or the request's 'supabase-failed' /
   * 'supabase-key-refused'.
   */
  failed: SyncFailure[];
}

export interface SyncFailure {
  id: string;
  error: UserError;
}

const READ_CHUNK = 200;
export const NOT_A_UUID = "id is not a UUID: Supabase's jobs.id is uuid";
export const NO_SUCH_JOB = 'no such job in Supabase';
const CANCELLED = 'sync cancelled before this job was written';

interface WriteItem {
  id: string;
  embedding: number[];
  embedding_model: string;
  content_hash: string;
}

interface WriteResult {
  updated?: unknown;
  missing?: unknown;
}

/** float32 values round-trip exactly with 9 significant digits; more only makes the request bigger. */
function toJsonVector(vector: ArrayLike<number>): number[] {
  return Array.from(vector, (x) => Number(x.toPrecision(9)));
}

function vectorProblem(vector: ArrayLike<number>): string | null {
  if (vector.length !== EMBEDDING_DIMENSIONS) {
    return `vector has ${vector.length} numbers; all-MiniLM-L6-v2 vectors have ${EMBEDDING_DIMENSIONS}`;
  }
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) return `vector value ${i} is not a finite number`;
  }
  // A vector of the wrong length (a zero vector, one 50 times too long) would rank wrongly in match_jobs.
  const notUnit = unitVectorProblem(vector, EMBEDDING_DIMENSIONS);
  return notUnit === null ? null : `vector ${notUnit}`;
}

function failure(id: string, code: UserErrorCode, reason: string): SyncFailure {
  return { id, error: userError(code, reason, { jobId: id }) };
}

/**
 * Writes embeddings to `jobs` through `write_job_embeddings` (one atomic call per batch), skipping rows
 * whose `content_hash` and `embedding_model` already match, so running it again writes nothing and a
 * sync cut short (reload, network loss) picks up where it stopped. Never throws for what a user can
 * cause: every item ends up written, skipped, or in `failed` with a reason for a person.
 */
export async function syncEmbeddings(
  client: SupabaseClient,
  items: SyncItem[],
  options: SyncOptions = {},
): Promise<SyncReport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
  const { signal } = options;
  const policy: RetryPolicy = {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 500),
    sleep: options.sleep ?? ((ms) => defaultSleep(ms, signal)),
    signal,
  };
  const total = items.length;
  const report: SyncReport = { written: 0, skipped: 0, failed: [] };
  const progress = () => options.onProgress?.({ done: report.written + report.skipped + report.failed.length, total });

  // 1. Items that cannot be written at all.
  const candidates: SyncItem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const id = String(item.id);
    if (!UUID_PATTERN.test(id)) report.failed.push(failure(id, 'invalid-input', NOT_A_UUID));
    else if (seen.has(id.toLowerCase())) {
      report.failed.push(failure(id, 'invalid-input', 'listed twice in this sync; written once'));
    } else {
      const problem = vectorProblem(item.vector);
      if (problem) report.failed.push(failure(id, 'invalid-vector', problem));
      else if (!item.model || !item.contentHash) {
        report.failed.push(
          failure(id, 'invalid-input', 'model and contentHash are required to tell later whether it is up to date'),
        );
      } else {
        seen.add(id.toLowerCase());
        candidates.push(item);
      }
    }
  }

  // 2. What the table already has: skip rows that are up to date; fail ids the table does not have.
  const existing = new Map<string, { hash: unknown; model: unknown }>();
  for (let start = 0; start < candidates.length; start += READ_CHUNK) {
    if (signal?.aborted) return cancel(report, candidates.slice(start), progress);
    const ids = candidates.slice(start, start + READ_CHUNK).map((item) => item.id);
    const outcome = await requestUnlessCancelled(
      () => client.from('jobs').select('id,content_hash,embedding_model').in('id', ids).retry(false),
      policy,
    );
    if (!outcome) return cancel(report, candidates.slice(start), progress);
    const { answer, tries } = outcome;
    if (answer.error) {
      const error = withTries(
        supabaseError('Checking which embeddings Supabase already has', answer.status, answer.error),
        tries,
      );
      for (const item of candidates)
        report.failed.push({ id: item.id, error: { ...error, where: { jobId: item.id } } });
      progress();
      return report;
    }
    const rows = ('data' in answer && Array.isArray(answer.data) ? answer.data : []) as Record<string, unknown>[];
    for (const row of rows) {
      existing.set(String(row.id).toLowerCase(), { hash: row.content_hash, model: row.embedding_model });
    }
  }
  const toWrite: SyncItem[] = [];
  for (const item of candidates) {
    const row = existing.get(item.id.toLowerCase());
    if (!row) report.failed.push(failure(item.id, 'invalid-input', NO_SUCH_JOB));
    else if (row.hash === item.contentHash && row.model === item.model) report.skipped++;
    else toWrite.push(item);
  }
  progress();

  // 3. Write in batches; each batch is one transaction on the server.
  for (let start = 0; start < toWrite.length; start += batchSize) {
    if (signal?.aborted) return cancel(report, toWrite.slice(start), progress);
    const batch = toWrite.slice(start, start + batchSize);
    const payload: WriteItem[] = batch.map((item) => ({
      id: item.id,
      embedding: toJsonVector(item.vector),
      embedding_model: item.model,
      content_hash: item.contentHash,
    }));
    const outcome = await requestUnlessCancelled(() => client.rpc('write_job_embeddings', { items: payload }), policy);
    if (!outcome) return cancel(report, toWrite.slice(start), progress);
    const { answer, tries } = outcome;
    if (answer.error) {
      const error = withTries(supabaseError('Writing embeddings to Supabase', answer.status, answer.error), tries);
      for (const item of batch) report.failed.push({ id: item.id, error: { ...error, where: { jobId: item.id } } });
      progress();
      continue;
    }
    const result = ('data' in answer ? answer.data : null) as WriteResult | null;
    const missing = new Set(Array.isArray(result?.missing) ? result.missing.map((id) => String(id).toLowerCase()) : []);
    for (const item of batch) {
      if (missing.has(item.id.toLowerCase())) report.failed.push(failure(item.id, 'invalid-input', NO_SUCH_JOB));
    }
    report.written += typeof result?.updated === 'number' ? result.updated : batch.length - missing.size;
    progress();
  }
  return report;
}

interface Abortable<T> extends PromiseLike<T> {
  abortSignal(signal: AbortSignal): PromiseLike<T>;
}

/**
 * A request with retries, tied to the sync's abort signal. Null when the sync was cancelled: an aborted
 * request either throws or comes back as an error, and neither is a failure to report.
 */
async function requestUnlessCancelled<T extends { error: SupabaseFailure | null; status: number }>(
  build: () => Abortable<T>,
  policy: RetryPolicy,
) {
  const { signal } = policy;
  const run = () => (signal ? build().abortSignal(signal) : build());
  try {
    const outcome = await withRetries(run, policy);
    return outcome.answer.error && signal?.aborted ? null : outcome;
  } catch {
    return null;
  }
}

function withTries(error: UserError, tries: number): UserError {
  return tries > 1 ? { ...error, message: `${error.message} (gave up after ${tries} tries)` } : error;
}

function cancel(report: SyncReport, rest: SyncItem[], progress: () => void): SyncReport {
  for (const item of rest) report.failed.push(failure(item.id, 'cancelled', CANCELLED));
  progress();
  return report;
}
