/**
 * The one shape of an error a person can cause or fix (a bad file, a full disk, a worker that stopped, a
 * refused Supabase key, a CLI flag): a code for code to branch on, a message for a person that says what
 * is wrong, where, and what to do. Values, never thrown across a module boundary; programming errors throw.
 */
export type UserErrorCode =
  // Input: files, records, vectors, profile text.
  | 'invalid-input'
  | 'file-too-large'
  | 'invalid-vector'
  | 'profile-too-long'
  // The model and its worker.
  | 'model-load-failed'
  | 'model-download-failed'
  | 'not-loaded'
  | 'invalid-text'
  | 'inference-failed'
  | 'worker-crashed'
  | 'worker-unresponsive'
  | 'cancelled'
  // Local storage.
  | 'storage-full'
  | 'storage-failed'
  // Supabase.
  | 'supabase-failed'
  | 'supabase-key-refused'
  // The command line: the exit code says who has to act.
  | 'usage'
  | 'output-failed';

/** Where the problem is, when it has a place: a file, a record (1-based) and field, an input position. */
export interface ErrorPlace {
  file?: string;
  record?: number;
  field?: string;
  /** Position in the list of texts or jobs handed to a call. */
  index?: number;
  jobId?: string;
}

export interface UserError {
  code: UserErrorCode;
  message: string;
  where?: ErrorPlace;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const userError = (code: UserErrorCode, message: string, where?: ErrorPlace): UserError =>
  where ? { code, message, where } : { code, message };

export const failed = (code: UserErrorCode, message: string, where?: ErrorPlace): { ok: false; error: UserError } => ({
  ok: false,
  error: userError(code, message, where),
});

/** Carries a UserError through code that throws (idb transactions, Node I/O) back to a boundary that returns it. */
export class UserErrorThrown extends Error {
  constructor(
    readonly error: UserError,
    options?: ErrorOptions,
  ) {
    super(error.message, options);
    this.name = 'UserErrorThrown';
  }
}

/** A caught value as a UserError: ours as it is, anything else under `fallback` with its message. */
export function toUserError(caught: unknown, fallback: UserErrorCode): UserError {
  if (caught instanceof UserErrorThrown) return caught.error;
  return userError(fallback, caught instanceof Error ? caught.message : String(caught));
}
