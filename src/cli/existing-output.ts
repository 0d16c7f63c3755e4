import { open } from 'node:fs/promises';
import type { Job, RecordProblem } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { UserErrorThrown } from '../core/user-error';
import { describeError } from './failure';
import { MAX_INPUT_BYTES, readJobsText, type JobsInput } from './jobs-input';
import type { OutputTarget } from './output-target';

/** A vector an earlier output held for a job that the check refused (see normalizeRecord). */
export interface RefusedVector {
  jobId: string;
  problem: RecordProblem;
}

/**
 * What the output file holds now, which decides whether it may be replaced (see checkReplaceable):
 * - `none`: nothing there; `empty`: an empty file or `[]`, nothing to lose;
 * - `input`: the input file itself (by any path or link): its records come through, unusable ones too;
 * - `vectors`: a jobs_vectors.json, whose vectors are reused by job id (`byId` is empty when it is too
 *   large to read whole, `tooLarge` then says so);
 * - `foreign`: anything else, such as someone's notes or another jobs file (`reason` says what it is).
 */
export type ExistingOutput =
  | { kind: 'none' }
  | { kind: 'empty' }
  | { kind: 'input' }
  | { kind: 'vectors'; byId: Map<string, Job>; refused: RefusedVector[]; tooLarge?: string }
  | { kind: 'foreign'; reason: string };

/** The start of a file too large to read whole, enough for its first record (a description is at most 100,000 characters). */
const HEAD_BYTES = 1024 * 1024;

/**
 * A jobs_vectors.json is a file this tool (or the app's export) wrote: a JSON list of jobs in which the
 * usable records carry `raw.embedding`. It is read as JSON whatever its name ends in, since that is what
 * is written to it. A jobs file without vectors is not one: it is most likely someone's input, and
 * replacing it with other postings would lose every record in it.
 */
export async function readExistingOutput(target: OutputTarget, input: JobsInput | null): Promise<ExistingOutput> {
  const existing = target.existing;
  if (existing === null) return { kind: 'none' };
  const identity = input?.identity;
  if (identity && identity.dev === existing.dev && identity.ino === existing.ino) return { kind: 'input' };
  if (existing.size === 0) return { kind: 'empty' };
  if (existing.size > MAX_INPUT_BYTES) return recogniseByHead(target.file, existing.size);

  let text: string;
  try {
    text = (await readJobsText(target.file)).text;
  } catch (error) {
    const reason =
      error instanceof UserErrorThrown
        ? 'It is not UTF-8 or UTF-16 text.'
        : `It cannot be read (${describeError(error)}).`;
    return { kind: 'foreign', reason };
  }
  if (/^\s*(\[\s*\])?\s*$/.test(text)) return { kind: 'empty' };
  const parsed = await parseJobsFile('jobs_vectors.json', text);
  if (!parsed.ok) return { kind: 'foreign', reason: parsed.error.message };
  if (!parsed.jobs.some(carriesEmbedding)) {
    const jobs =
      parsed.jobs.length === 1 ? '1 job posting' : `${parsed.jobs.length.toLocaleString('en-US')} job postings`;
    return {
      kind: 'foreign',
      reason: `It holds ${jobs} but no vectors (no record has raw.embedding), so it looks like a jobs file, not an output of this tool.`,
    };
  }
  const byId = new Map(parsed.jobs.filter((job) => job.carried !== undefined).map((job) => [job.id, job]));
  const idOfRecord = new Map(parsed.jobs.map((job) => [job.record, job.id]));
  const refused: RefusedVector[] = [];
  for (const problem of parsed.problems) {
    const jobId = idOfRecord.get(problem.record);
    if (jobId !== undefined && problem.field.startsWith('raw.embedding')) refused.push({ jobId, problem });
  }
  return { kind: 'vectors', byId, refused };
}

function carriesEmbedding(job: Job): boolean {
  const raw = Object.hasOwn(job.original, 'raw') ? job.original.raw : undefined;
  return typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'embedding');
}

/**
 * A file over the reading limit is not read whole (an output of 50,000 jobs is a few hundred MB): it is
 * recognised by its start, a JSON list whose first record carries an embedding, and its vectors are not reused.
 */
async function recogniseByHead(file: string, size: number): Promise<ExistingOutput> {
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read({ buffer: new Uint8Array(HEAD_BYTES), position: 0 });
      head = new TextDecoder().decode(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: 'foreign', reason: `It cannot be read (${describeError(error)}).` };
  }
  const megabytes = `${(size / 1024 / 1024).toFixed(0)} MB`;
  // "embedding": [ as this tool, the app and the original Python script all write it.
  if (/^\s*\[\s*\{/.test(head) && /"embedding"\s*:\s*\[/.test(head)) {
    return {
      kind: 'vectors',
      byId: new Map(),
      refused: [],
      tooLarge: `it is ${megabytes}, more than the 100 MB read at once, so its vectors are not reused`,
    };
  }
  return { kind: 'foreign', reason: `It is ${megabytes} and does not start like a jobs_vectors.json.` };
}
