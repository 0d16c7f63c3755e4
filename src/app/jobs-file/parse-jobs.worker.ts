import { expose } from 'comlink';
import { decodeJobsBytes } from '../../core/jobs/decode';
import { parseJobsFile } from '../../core/jobs/parse';
import type { Job, ParseOutcome } from '../../core/jobs/job';
import { failed } from '../../core/user-error';
import { checkJobsFileSize } from './limits';

/** ~25 ms for the page to decode 250 long postings. */
const JOBS_PER_MESSAGE = 250;

// Reading and validating a 50 MB file takes seconds: doing it here keeps the page responsive.
const api = {
  /**
   * The outcome comes back without its jobs: they go to `onJobs` a slice at a time, because the page decodes
   * each message in one task and 50,000 postings in one message held it for seconds.
   */
  async parse(file: Blob, name: string, onJobs: (jobs: Job[]) => Promise<void>): Promise<ParseOutcome> {
    const tooBig = checkJobsFileSize(name, file.size);
    if (tooBig) return { ok: false, error: tooBig };
    try {
      // The same decoding as the command line: UTF-8 with or without a BOM, UTF-16 with one; others refused.
      const decoded = decodeJobsBytes(new Uint8Array(await file.arrayBuffer()));
      if (!decoded.ok) {
        return failed('invalid-input', `"${name}" could not be read: ${decoded.error.message}`, { file: name });
      }
      const outcome = await parseJobsFile(name, decoded.text);
      if (!outcome.ok) return outcome;
      for (let start = 0; start < outcome.jobs.length; start += JOBS_PER_MESSAGE) {
        await onJobs(outcome.jobs.slice(start, start + JOBS_PER_MESSAGE));
      }
      return { ...outcome, jobs: [] };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed('invalid-input', `"${name}" could not be read: ${reason}`, { file: name });
    }
  },
};

export type ParseJobsApi = typeof api;

expose(api);
