import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandIo } from './embed-command';

/** public/sample_jobs.json: the 66 demo postings in the original script's format. */
export const SAMPLE_JOBS_PATH = resolve(import.meta.dirname, '..', '..', 'public', 'sample_jobs.json');

export type JobRecord = Record<string, unknown> & { id: string; raw: Record<string, unknown> };

export function sampleJobs(count?: number): JobRecord[] {
  const jobs = JSON.parse(readFileSync(SAMPLE_JOBS_PATH, 'utf8')) as JobRecord[];
  return count === undefined ? jobs : jobs.slice(0, count);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'careerpilot-cli-'));
}

export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/** Streams that keep what is written, for a command run in the test's own process. */
export function captureIo(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}
