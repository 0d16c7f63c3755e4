/** The largest jobs file the app reads: far above any real export, small enough not to exhaust a tab. */
export const MAX_JOBS_FILE_BYTES = 100 * 1024 * 1024;

export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Checked before a byte is read, so a 2 GB file is refused at once. */
export function checkJobsFileSize(name: string, bytes: number): string | null {
  if (bytes === 0) return `"${name}" is empty: choose a .json, .jsonl or .csv file with job postings.`;
  if (bytes > MAX_JOBS_FILE_BYTES) {
    return `"${name}" is ${describeSize(bytes)}, more than the ${describeSize(MAX_JOBS_FILE_BYTES)} this app reads. Split it into smaller files.`;
  }
  return null;
}
