import { describe, expect, it } from 'vitest';
import { UserErrorThrown } from '../core/user-error';
import { storageError } from './storage-error';

describe('storage errors', () => {
  it('explains a full disk in plain words: what was not saved, what was kept, what to do', () => {
    const thrown = storageError(new DOMException('quota', 'QuotaExceededError'), 'profile');
    expect(thrown).toBeInstanceOf(UserErrorThrown);
    expect(thrown.error.code).toBe('storage-full');
    expect(thrown.message).toBe(
      `Your browser's storage is full, so your profile was not saved (after a reload you will see the profile saved before; the jobs and the vectors are kept). Free disk space or use "Clear local data", then try again.`,
    );
  });

  it('recognises a full disk behind the AbortError it caused', () => {
    const abort = new DOMException('aborted', 'AbortError');
    const wrapped = new Error('transaction failed', { cause: new DOMException('quota', 'QuotaExceededError') });
    expect(storageError(abort, 'jobs').error.code).toBe('storage-failed');
    expect(storageError(wrapped, 'jobs').error.code).toBe('storage-full');
  });

  it('names other failures, with their detail', () => {
    const thrown = storageError(new DOMException('Internal error.', 'UnknownError'), 'jobs');
    expect(thrown.error.code).toBe('storage-failed');
    expect(thrown.message).toMatch(
      /^Your browser's local storage failed \(Internal error\.\), so the new job list was not saved/,
    );
    expect(storageError(new Error('boom'), 'read').message).toMatch(/^Reading the data saved on this device failed/);
  });
});
