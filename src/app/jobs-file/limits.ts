import { userError, type UserError } from '../../core/user-error';

/** The largest jobs file the app reads: far above any real export, small enough not to exhaust a tab. */
export const MAX_JOBS_FILE_BYTES = 100 * 1024 * 1024;

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Checked before a byte is read, so a 2 GB file is refused at once; null when the size is fine. */
export function checkJobsFileSize(name: string, bytes: number): UserError | null {
  if (bytes === 0) {
    return userError('invalid-input', `"${name}" is empty: choose a .json, .jsonl or .csv file with job postings.`, {
      file: name,
    });
  }
  if (bytes > MAX_JOBS_FILE_BYTES) {
    return userError(
      'file-too-large',
      `"${name}" is ${describeSize(bytes)}, more than the ${describeSize(MAX_JOBS_FILE_BYTES)} this app reads. Split it into smaller files.`,
      { file: name },
    );
  }
  return null;
}
