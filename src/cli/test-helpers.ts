import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
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

/** A temp dir another user may enter and write in, for runs as UNPRIVILEGED. */
export function sharedTempDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o777);
  return dir;
}

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'careerpilot-match.mjs');

/**
 * Root passes every permission check, so tests of what an ordinary user cannot write run the command as
 * `nobody` when they run as root (as in a container), and as themselves otherwise.
 */
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** False where `nobody` cannot run this project's Node and bin (say, Node under /root): those tests skip. */
export function canRunUnprivileged(): boolean {
  try {
    execFileSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], UNPRIVILEGED);
    return true;
  } catch {
    return false;
  }
}

/** Runs the real `bin` in a fresh Node, from `cwd`; resolves with the exit code and both streams. */
export async function careerpilotMatch(
  cwd: string,
  args: readonly string[],
  user: { uid?: number; gid?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, ...user });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
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
