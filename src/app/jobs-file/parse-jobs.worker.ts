import { expose } from 'comlink';
import { parseJobsFile } from '../../core/jobs/parse';
import type { ParseOutcome } from '../../core/jobs/job';
import { failed } from '../../core/user-error';
import { checkJobsFileSize } from './limits';

// Reading and validating a 50 MB file takes seconds: doing it here keeps the page responsive.
const api = {
  async parse(file: Blob, name: string): Promise<ParseOutcome> {
    const tooBig = checkJobsFileSize(name, file.size);
    if (tooBig) return { ok: false, error: tooBig };
    try {
      return await parseJobsFile(name, await file.text());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed('invalid-input', `"${name}" could not be read: ${reason}`, { file: name });
    }
  },
};

export type ParseJobsApi = typeof api;

expose(api);
