import { UserErrorThrown, userError } from '../core/user-error';

/** What a failing storage call was doing: each names what was not saved and what was kept. */
export type StorageAction =
  | 'vectors'
  | 'jobs'
  | 'profile'
  | 'jobsSource'
  | 'supabase'
  | 'delete-vectors'
  | 'touch-vectors'
  | 'prune-vectors'
  | 'clear'
  | 'read';

const consequences: Record<Exclude<StorageAction, 'read'>, string> = {
  vectors:
    'the vectors of this batch were not saved (the jobs, your profile and the vectors saved before are kept; the missing vectors are computed again next time)',
  jobs: 'the new job list was not saved (after a reload you will see the list saved before; your profile and the vectors are kept)',
  profile:
    'your profile was not saved (after a reload you will see the profile saved before; the jobs and the vectors are kept)',
  jobsSource: 'the name of the jobs file was not saved (the jobs themselves are saved apart)',
  supabase: 'your Supabase connection was not saved (you will have to enter it again after a reload)',
  'delete-vectors':
    'stored vectors that failed their check were not removed (they are not used, and are replaced when computed again)',
  'touch-vectors':
    'the vectors in use were not marked as recently used (nothing was lost; they may be removed sooner when the cache is trimmed)',
  'prune-vectors': 'trimming the vector cache stopped part way (the vectors left are usable)',
  clear: 'clearing local data did not finish (nothing was removed)',
};

function nameOf(error: unknown): string {
  return error instanceof DOMException || error instanceof Error ? error.name : '';
}

/**
 * A full disk, however it arrives: a QuotaExceededError from a request or as the transaction's abort error,
 * or (through `cause`) behind the AbortError it made the other requests fail with.
 */
export function isQuotaError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (nameOf(current) === 'QuotaExceededError') return true;
    // The legacy code of QUOTA_EXCEEDED_ERR, which some engines still set without the name.
    if (current instanceof DOMException && current.code === 22) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function detailOf(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) return error.message || error.name;
  return String(error);
}

/**
 * A failed storage call as a UserErrorThrown: 'storage-full' for a full disk, 'storage-failed' otherwise, with
 * what was not saved, what was kept and what to do. `closedReason`, when the connection was closed (another tab
 * upgraded the database, the browser killed it), replaces the usual advice.
 */
export function storageError(error: unknown, action: StorageAction, closedReason?: string | null): UserErrorThrown {
  if (closedReason) {
    const what = action === 'read' ? 'saved data could not be read' : consequences[action];
    return new UserErrorThrown(userError('storage-failed', `${closedReason} Until then, ${what}.`), { cause: error });
  }
  if (action === 'read') {
    return new UserErrorThrown(
      userError(
        'storage-failed',
        `Reading the data saved on this device failed (${detailOf(error)}). Reload the page; if it keeps failing, use "Clear local data".`,
      ),
      { cause: error },
    );
  }
  if (isQuotaError(error)) {
    return new UserErrorThrown(
      userError(
        'storage-full',
        `Your browser's storage is full, so ${consequences[action]}. Free disk space or use "Clear local data", then try again.`,
      ),
      { cause: error },
    );
  }
  return new UserErrorThrown(
    userError(
      'storage-failed',
      `Your browser's local storage failed (${detailOf(error)}), so ${consequences[action]}. Reload the page and try again; if it keeps failing, use "Clear local data".`,
    ),
    { cause: error },
  );
}
