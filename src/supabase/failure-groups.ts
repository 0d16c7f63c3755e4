import type { SyncFailure } from './sync';

/** Failures that share a reason: one message for a person, with the jobs it applies to. */
export interface FailureGroup {
  message: string;
  code: SyncFailure['error']['code'];
  ids: string[];
}

/**
 * Groups a sync's failures by their message, most frequent first. A refused key or a row-level security
 * policy fails every row with the same words: a person needs to read them once, with how many jobs they hit.
 */
export function groupFailures(failed: readonly SyncFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failed) {
    const group = groups.get(failure.error.message);
    if (group) group.ids.push(failure.id);
    else
      groups.set(failure.error.message, {
        message: failure.error.message,
        code: failure.error.code,
        ids: [failure.id],
      });
  }
  return [...groups.values()].sort((a, b) => b.ids.length - a.ids.length);
}

/** "3 jobs (a, b, c)" or "120 jobs (a, b, c, d, e and 115 more)". */
export function describeIds(ids: readonly string[], listed = 5): string {
  const shown = ids.slice(0, listed).join(', ');
  const rest = ids.length - listed;
  const noun = ids.length === 1 ? 'job' : 'jobs';
  return `${ids.length.toLocaleString('en-US')} ${noun} (${shown}${rest > 0 ? ` and ${rest.toLocaleString('en-US')} more` : ''})`;
}
