import { proxy, wrap } from 'comlink';
import type { Job, ParseOutcome } from '../../core/jobs/job';
import { failed } from '../../core/user-error';
import { checkJobsFileSize } from './limits';
import type { ParseJobsApi } from './parse-jobs.worker';

/**
 * Why the reader worker failed, in one or two full sentences (the page adds "The jobs loaded before are
 * unchanged." after it). `detail` is the error event's message: an uncaught error inside the worker has one;
 * a worker whose script never loaded (offline before the app was saved, a server that lost the file) fires a
 * plain `error` event without one.
 */
export function workerFailureMessage(name: string, detail: string | undefined, online: boolean): string {
  const reason = detail?.trim().replace(/[.\s]+$/, '');
  if (reason) return `"${name}" could not be read: the file reader stopped (${reason}). Try again.`;
  if (!online) {
    return `"${name}" could not be read: the file reader could not start while this browser is offline. Open the app once with a network connection so it can keep its files, then try again.`;
  }
  return `"${name}" could not be read: the file reader could not start. Reload the page and try again.`;
}

/** Parses a jobs file in a short-lived worker; the size is checked first, before anything is read. */
export async function parseJobsInWorker(file: Blob, name: string): Promise<ParseOutcome> {
  const tooBig = checkJobsFileSize(name, file.size);
  if (tooBig) return { ok: false, error: tooBig };
  const worker = new Worker(new URL('./parse-jobs.worker.ts', import.meta.url), { type: 'module', name: 'parse-jobs' });
  try {
    const crashed = new Promise<ParseOutcome>((resolve) => {
      const stop = (detail: string | undefined) =>
        resolve(failed('worker-crashed', workerFailureMessage(name, detail, navigator.onLine), { file: name }));
      // A script that failed to load fires a plain Event, not an ErrorEvent: `message` is then undefined.
      worker.addEventListener('error', (event: Event) => stop((event as Partial<ErrorEvent>).message));
      worker.addEventListener('messageerror', () => stop('its answer could not be received'));
    });
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
