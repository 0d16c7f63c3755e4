import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseJobsFile } from '../core/jobs/parse';
import type { Job, ParseOutcome, RecordProblem } from '../core/jobs/job';
import { userError, UserErrorThrown } from '../core/user-error';
import { CliFailure, describeError, EXIT } from './failure';

export interface JobsInput {
  jobs: Job[];
  problems: RecordProblem[];
  format: string;
}

/** The same limit as the web app's upload: beyond it a file is refused before a byte is read. */
export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

async function readJobsText(path: string): Promise<string> {
  const stats = await stat(path);
  if (stats.isDirectory()) throw new Error('it is a directory, not a file');
  if (stats.size > MAX_INPUT_BYTES) {
    const message = `it is ${(stats.size / 1024 / 1024).toFixed(0)} MB; at most 100 MB can be read at once`;
    throw new UserErrorThrown(userError('file-too-large', message));
  }
  return readFile(path, 'utf8');
}

/**
 * Reads and parses the jobs file as the web app does (JSON, JSON Lines or CSV, the same validation). A
 * file that is missing, unreadable or holds nothing usable is a CliFailure with exit code 3 naming it.
 * A `raw.embedding` that is not a usable vector (wrong size, not unit length, zero) is not carried and
 * is listed in `problems` like every other note, so the caller says so and the job is embedded again.
 */
export async function readJobsInput(path: string): Promise<JobsInput> {
  let text: string;
  try {
    text = await readJobsText(resolve(path));
  } catch (error) {
    const code = error instanceof UserErrorThrown ? error.error.code : 'invalid-input';
    const message = `Cannot read the input file ${path}: ${describeError(error)}`;
    throw new CliFailure(EXIT.input, userError(code, message, { file: path }), { cause: error });
  }
  const parsed = await parseJobsFile(basename(path), text);
  if (!parsed.ok) {
    const { code, message, where } = parsed.error;
    const failure = userError(code, `The input file ${path} cannot be used: ${message}`, { ...where, file: path });
    throw new CliFailure(EXIT.input, failure);
  }
  return { jobs: parsed.jobs, problems: parsed.problems, format: parsed.format };
}

/** A vector an earlier output held for a job that the check refused (see normalizeRecord). */
export interface RefusedVector {
  jobId: string;
  problem: RecordProblem;
}

export type PreviousOutput =
  | { kind: 'none' }
  | { kind: 'vectors'; byId: Map<string, Job>; refused: RefusedVector[] }
  | { kind: 'unusable'; reason: string };

/**
 * The vectors an earlier run left in the output file, by job id. A missing file is `none`; one that is
 * not a jobs_vectors.json this tool can read is `unusable` (it will be replaced, and the caller says so).
 * A vector that is not a usable sentence vector is left out of `byId` and listed in `refused`.
 */
export async function readPreviousOutput(path: string): Promise<PreviousOutput> {
  let text: string;
  try {
    text = await readJobsText(resolve(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unusable', reason: describeError(error) };
  }
  let parsed: ParseOutcome;
  try {
    parsed = await parseJobsFile(basename(path), text);
  } catch (error) {
    return { kind: 'unusable', reason: describeError(error) };
  }
  if (!parsed.ok) return { kind: 'unusable', reason: parsed.error.message };
  const byId = new Map(parsed.jobs.filter((job) => job.carried !== undefined).map((job) => [job.id, job]));
  const idOfRecord = new Map(parsed.jobs.map((job) => [job.record, job.id]));
  const refused: RefusedVector[] = [];
  for (const problem of parsed.problems) {
    const jobId = idOfRecord.get(problem.record);
    if (jobId !== undefined && problem.field.startsWith('raw.embedding')) refused.push({ jobId, problem });
  }
  return { kind: 'vectors', byId, refused };
}
