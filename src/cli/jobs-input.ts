import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { decodeJobsBytes } from '../core/jobs/decode';
import type { Job, JobsFileFormat, RecordProblem } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { readRecordsAsRead } from '../core/jobs/records';
import { userError, UserErrorThrown } from '../core/user-error';
import { CliFailure, describeError, EXIT } from './failure';
import { outputRecords, type OutputRecord } from './output-records';

export interface JobsInput {
  jobs: Job[];
  problems: RecordProblem[];
  /** For messages: "json", "csv", "Supabase jobs table". */
  format: string;
  /** Every record in file order, the unusable ones too, for the output (see outputRecords). */
  records: OutputRecord[];
  /** A file's own format; absent for Supabase. */
  fileFormat?: JobsFileFormat;
  /** The keys of a `{ "jobs": [...] }` file besides "jobs", which a jobs_vectors.json (a list) cannot keep. */
  otherTopLevelKeys: string[];
  /** Which file was read, by device and inode, so the output is known to be the input by any path or link. */
  identity?: { dev: number; ino: number };
}

/** The same limit as the web app's upload: beyond it a file is refused before a byte is read. */
export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

/** The default --input-file, the original script's. */
export const DEFAULT_INPUT_FILE = 'sample_jobs.json';

/** The demo postings in this repository; a newcomer runs the command from its root, where there is no sample_jobs.json. */
const DEMO_JOBS_FILE = resolve(import.meta.dirname, '..', '..', 'public', 'sample_jobs.json');

/**
 * A jobs file's text, decoded as the app decodes an upload (UTF-8 with or without a byte order mark, UTF-16
 * with one: decodeJobsBytes). Size and encoding problems throw a UserErrorThrown, OS errors as they are.
 */
export async function readJobsText(path: string): Promise<{ text: string; identity: { dev: number; ino: number } }> {
  const stats = await stat(path);
  if (stats.isDirectory()) throw new Error('it is a directory, not a file');
  if (stats.size > MAX_INPUT_BYTES) {
    const message = `it is ${(stats.size / 1024 / 1024).toFixed(0)} MB; at most 100 MB can be read at once`;
    throw new UserErrorThrown(userError('file-too-large', message));
  }
  const decoded = decodeJobsBytes(await readFile(path));
  if (!decoded.ok) throw new UserErrorThrown(decoded.error);
  return { text: decoded.text, identity: { dev: stats.dev, ino: stats.ino } };
}

/**
 * Reads and parses the jobs file as the web app does (JSON, JSON Lines or CSV, the same validation). A
 * file that is missing, unreadable or holds nothing usable is a CliFailure with exit code 3 naming it;
 * `isDefault` (no --input-file given) turns a missing file into directions to the demo file.
 * A `raw.embedding` that is not a usable vector (wrong size, not unit length, zero) is not carried and
 * is listed in `problems` like every other note, so the caller says so and the job is embedded again.
 */
export async function readJobsInput(path: string, isDefault = false): Promise<JobsInput> {
  let read: Awaited<ReturnType<typeof readJobsText>>;
  try {
    read = await readJobsText(resolve(path));
  } catch (error) {
    if (isDefault && (error as NodeJS.ErrnoException).code === 'ENOENT') throw missingDefault(path, error);
    const code = error instanceof UserErrorThrown ? error.error.code : 'invalid-input';
    const message = `Cannot read the input file ${path}: ${describeError(error)}`;
    throw new CliFailure(EXIT.input, userError(code, message, { file: path }), { cause: error });
  }
  const { text, identity } = read;
  const parsed = await parseJobsFile(basename(path), text);
  if (!parsed.ok) {
    const { code, message, where } = parsed.error;
    const failure = userError(code, `The input file ${path} cannot be used: ${message}`, { ...where, file: path });
    throw new CliFailure(EXIT.input, failure);
  }
  // Reading the file a second way costs a parse: only when records were left out, or a wrapper's keys matter.
  const used = new Set(parsed.jobs.map((job) => job.record));
  const leftOut = parsed.problems.some((problem) => !used.has(problem.record));
  const wrapper =
    parsed.format === 'json' &&
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{');
  const asRead = leftOut || wrapper ? readRecordsAsRead(basename(path), text) : null;
  if ((leftOut || wrapper) && asRead === null) {
    throw new Error(`readRecordsAsRead could not read ${path}, which parseJobsFile read`);
  }
  return {
    jobs: parsed.jobs,
    problems: parsed.problems,
    format: parsed.format,
    records: outputRecords(parsed.jobs, leftOut ? (asRead?.records ?? null) : null),
    fileFormat: parsed.format,
    otherTopLevelKeys: asRead?.otherTopLevelKeys ?? [],
    identity,
  };
}

/** No --input-file and no sample_jobs.json here: say where the demo file is, from here when it can be reached. */
function missingDefault(path: string, cause: unknown): CliFailure {
  const cwd = process.cwd();
  const fromHere = relative(cwd, DEMO_JOBS_FILE);
  const demo = existsSync(DEMO_JOBS_FILE)
    ? ` (from here: --input-file ${fromHere.startsWith('..') ? DEMO_JOBS_FILE : fromHere})`
    : '';
  const message =
    `No ${path} in ${cwd} (the default --input-file). Pass --input-file PATH with your jobs file; ` +
    `the demo file is public/sample_jobs.json in the repository${demo}.`;
  return new CliFailure(EXIT.input, userError('invalid-input', message, { file: path, field: '--input-file' }), {
    cause,
  });
}
