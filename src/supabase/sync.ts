import type { SupabaseClient } from '@supabase/supabase-js';
import { MODELS, modelIdOfKey, modelSpec, type ModelSpec } from '../core/models';
import { vectorProblem as unitVectorProblem } from '../core/vector-check';
import { userError, type UserError, type UserErrorCode } from '../core/user-error';
import {
  defaultSleep,
  MIGRATION_FILE,
  MODEL_EMBEDDINGS_MIGRATION_FILE,
  supabaseError,
  UUID_PATTERN,
  type SupabaseFailure,
} from './errors';
import { withRetries, type RetryPolicy } from './retry';

export interface SyncItem {
  id: string;
  vector: ArrayLike<number>;
  /** The model key string (modelKeyString): its model id decides where the vector is written. */
  model: string;
  contentHash: string;
}

export interface SyncOptions {
  /** Items per write call (default 100). */
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
   * no such job, no model or hash, a model CareerPilot Match does not know), 'invalid-vector', 'cancelled',
   * or the request's 'supabase-failed' / 'supabase-key-refused'.
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

interface Stored {
  hash: unknown;
  model: unknown;
}

/** The items of one model, and what Supabase already holds for them. */
interface ModelGroup {
  spec: ModelSpec;
  items: SyncItem[];
  stored: Map<string, Stored>;
  readError?: UserError;
}

/**
 * Where a model's vectors live. The bundled model's go to `jobs` (the original script's `raw.embedding`
 * and `match_jobs` read them there); every other model's to its own row of `job_embeddings`, so vectors of
 * two models never overwrite each other or meet in one search.
 */
function placeOf(spec: ModelSpec) {
  const bundled = spec.bundled;
  return {
    bundled,
    rpc: bundled ? 'write_job_embeddings' : 'write_model_embeddings',
    migration: bundled ? MIGRATION_FILE : MODEL_EMBEDDINGS_MIGRATION_FILE,
    idOf: (row: Record<string, unknown>) => String(bundled ? row.id : row.job_id).toLowerCase(),
  };
}

const KNOWN_MODELS = MODELS.map((model) => model.name).join(', ');

/** The model a key string names, or undefined when it is not a key of a model in the list. */
function specOfKey(key: string): ModelSpec | undefined {
  return key.includes('|') ? modelSpec(modelIdOfKey(key)) : undefined;
}

/** float32 values round-trip exactly with 9 significant digits; more only makes the request bigger. */
function toJsonVector(vector: ArrayLike<number>): number[] {
  return Array.from(vector, (x) => Number(x.toPrecision(9)));
}

function vectorProblem(vector: ArrayLike<number>, spec: ModelSpec): string | null {
  if (vector.length !== spec.dim) {
    return `vector has ${vector.length} numbers; ${spec.name} vectors have ${spec.dim}`;
  }
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) return `vector value ${i} is not a finite number`;
  }
  // A vector of the wrong length (a zero vector, one 50 times too long) would rank wrongly in a search.
  const notUnit = unitVectorProblem(vector, spec.dim);
  return notUnit === null ? null : `vector ${notUnit}`;
}

function failure(id: string, code: UserErrorCode, reason: string): SyncFailure {
  return { id, error: userError(code, reason, { jobId: id }) };
}

/**
 * Writes embeddings to Supabase, each where its model's vectors live (see placeOf): one atomic call per
 * batch of one model, skipping jobs whose stored `content_hash` and `embedding_model` already match, so
 * running it again writes nothing and a sync cut short (reload, network loss) picks up where it stopped.
 * Never throws for what a user can cause: every item ends up written, skipped, or in `failed` with a reason
 * for a person.
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

  // 1. Items that cannot be written at all; the rest grouped by model.
  const groups = new Map<string, ModelGroup>();
  const seen = new Set<string>();
  for (const item of items) {
    const id = String(item.id);
    const spec = item.model ? specOfKey(item.model) : undefined;
    if (!UUID_PATTERN.test(id)) report.failed.push(failure(id, 'invalid-input', NOT_A_UUID));
    else if (!item.model || !item.contentHash) {
      report.failed.push(
        failure(id, 'invalid-input', 'model and contentHash are required to tell later whether it is up to date'),
      );
    } else if (!spec) {
      report.failed.push(
        failure(
          id,
          'invalid-input',
          `made by a model CareerPilot Match does not know (${JSON.stringify(item.model)}); only vectors of ${KNOWN_MODELS} can be written to Supabase`,
        ),
      );
    } else if (seen.has(`${id.toLowerCase()}|${spec.id}`)) {
      report.failed.push(failure(id, 'invalid-input', `listed twice for ${spec.name} in this sync; written once`));
    } else {
      const problem = vectorProblem(item.vector, spec);
      if (problem) report.failed.push(failure(id, 'invalid-vector', problem));
      else {
        seen.add(`${id.toLowerCase()}|${spec.id}`);
        const group = groups.get(spec.id) ?? { spec, items: [], stored: new Map<string, Stored>() };
        group.items.push(item);
        groups.set(spec.id, group);
      }
    }
  }
  const everyCandidate = () => [...groups.values()].flatMap((group) => group.items);

  // 2. What Supabase already has, model by model. A model whose read fails (its migration not applied, say)
  //    fails its own items only.
  for (const group of groups.values()) {
    const place = placeOf(group.spec);
    for (let start = 0; start < group.items.length && !group.readError; start += READ_CHUNK) {
      if (signal?.aborted) return cancel(report, everyCandidate(), progress);
      const ids = group.items.slice(start, start + READ_CHUNK).map((item) => item.id);
      // Two calls, not one helper: supabase-js types each table's rows apart.
      const outcome = place.bundled
        ? await requestUnlessCancelled(
            () => client.from('jobs').select('id,content_hash,embedding_model').in('id', ids).retry(false),
            policy,
          )
        : await requestUnlessCancelled(
            () =>
              client
                .from('job_embeddings')
                .select('job_id,content_hash,embedding_model')
                .eq('model_id', group.spec.id)
                .in('job_id', ids)
                .retry(false),
            policy,
          );
      if (!outcome) return cancel(report, everyCandidate(), progress);
      const { answer, tries } = outcome;
      if (answer.error) {
        const action = `Checking which ${group.spec.name} embeddings Supabase already has`;
        group.readError = withTries(
          supabaseError(action, answer.status, answer.error, undefined, place.migration),
          tries,
        );
        break;
      }
      const rows = ('data' in answer && Array.isArray(answer.data) ? answer.data : []) as Record<string, unknown>[];
      for (const row of rows) group.stored.set(place.idOf(row), { hash: row.content_hash, model: row.embedding_model });
    }
  }

  // Up to date: skipped. The bundled model's row is the job itself, so no row means no such job; another
  // model's row is written the first time, and the writer reports the jobs it did not find.
  const batches: { group: ModelGroup; items: SyncItem[] }[] = [];
  for (const group of groups.values()) {
    const { readError } = group;
    if (readError) {
      for (const item of group.items)
        report.failed.push({ id: item.id, error: { ...readError, where: { jobId: item.id } } });
      continue;
    }
    const bundled = placeOf(group.spec).bundled;
    const toWrite: SyncItem[] = [];
    for (const item of group.items) {
      const row = group.stored.get(item.id.toLowerCase());
      if (!row && bundled) report.failed.push(failure(item.id, 'invalid-input', NO_SUCH_JOB));
      else if (row && row.hash === item.contentHash && row.model === item.model) report.skipped++;
      else toWrite.push(item);
    }
    for (let start = 0; start < toWrite.length; start += batchSize) {
      batches.push({ group, items: toWrite.slice(start, start + batchSize) });
    }
  }
  progress();

  // 3. Write in batches of one model; each batch is one transaction on the server.
  for (const [index, { group, items: batch }] of batches.entries()) {
    const rest = () => batches.slice(index).flatMap((later) => later.items);
    if (signal?.aborted) return cancel(report, rest(), progress);
    const place = placeOf(group.spec);
    const payload: WriteItem[] = batch.map((item) => ({
      id: item.id,
      embedding: toJsonVector(item.vector),
      embedding_model: item.model,
      content_hash: item.contentHash,
    }));
    const outcome = await requestUnlessCancelled(() => client.rpc(place.rpc, { items: payload }), policy);
    if (!outcome) return cancel(report, rest(), progress);
    const { answer, tries } = outcome;
    if (answer.error) {
      const action = `Writing ${group.spec.name} embeddings to Supabase`;
      const error = withTries(supabaseError(action, answer.status, answer.error, undefined, place.migration), tries);
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
