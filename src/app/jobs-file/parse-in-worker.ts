import { proxy, wrap } from 'comlink';
import type { Job, ParseOutcome } from '../../core/jobs/job';
import { failed } from '../../core/user-error';
import { checkJobsFileSize } from './limits';
import type { ParseJobsApi } from './parse-jobs.worker';

/** Parses a jobs file in a short-lived worker; the size is checked first, before anything is read. */
export async function parseJobsInWorker(file: Blob, name: string): Promise<ParseOutcome> {
  const tooBig = checkJobsFileSize(name, file.size);
  if (tooBig) return { ok: false, error: tooBig };
  const worker = new Worker(new URL('./parse-jobs.worker.ts', import.meta.url), { type: 'module', name: 'parse-jobs' });
  try {
    const crashed = new Promise<ParseOutcome>((resolve) =>
      worker.addEventListener('error', (event) =>
        resolve(
          failed('worker-crashed', `"${name}" could not be read: ${event.message || 'the parser stopped'}`, {
            file: name,
          }),
        ),
      ),
    );
    const jobs: Job[] = [];
    const receive = proxy(async (slice: Job[]) => {
      for (const job of slice) jobs.push(job);
    });
    const outcome = await Promise.race([wrap<ParseJobsApi>(worker).parse(file, name, receive), crashed]);
    return outcome.ok ? { ...outcome, jobs } : outcome;
  } finally {
    worker.terminate();
  }
}
