import { wrap } from 'comlink';
import { failed, type Result } from '../../core/user-error';
import { PROFILE_CHAR_LIMIT } from '../../matching/profile-vectors';
import { checkResumeSize } from './limits';
import type { ResumeText } from './read-resume';
import type { ResumeApi } from './resume.worker';

/** A resume reads in a second or two; a file that takes this long is stuck in pdf.js or mammoth. */
export const RESUME_READ_TIMEOUT_MS = 60_000;

/**
 * Reads a resume in a short-lived worker: the size is checked before a byte is read, and a worker that
 * crashes or takes too long is stopped, each with a message that names the file and says what to do.
 */
export async function readResumeInWorker(
  file: Blob,
  name: string,
  timeoutMs = RESUME_READ_TIMEOUT_MS,
): Promise<Result<ResumeText>> {
  const tooBig = checkResumeSize(name, file.size);
  if (tooBig) return { ok: false, error: tooBig };
  const where = { file: name };
  const worker = new Worker(new URL('./resume.worker.ts', import.meta.url), { type: 'module', name: 'read-resume' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const crashed = new Promise<Result<ResumeText>>((resolve) => {
      const stop = (detail: string) =>
        resolve(
          failed(
            'worker-crashed',
            `"${name}" could not be read: the reader stopped (${detail}). Try again, or paste the text into the box.`,
            where,
          ),
        );
      worker.addEventListener('error', (event) => stop(event.message || 'out of memory, or a damaged file'));
      worker.addEventListener('messageerror', () => stop('its answer could not be received'));
    });
    const stuck = new Promise<Result<ResumeText>>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            failed(
              'worker-unresponsive',
              `"${name}" took more than ${Math.round(timeoutMs / 1000)} seconds to read, so reading was stopped. Export it again as PDF or DOCX, or paste the text into the box.`,
              where,
            ),
          ),
        timeoutMs,
      );
    });
    return await Promise.race([wrap<ResumeApi>(worker).read(file, name, PROFILE_CHAR_LIMIT), crashed, stuck]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(
      'worker-crashed',
      `"${name}" could not be read (${reason}). Try again, or paste the text into the box.`,
      where,
    );
  } finally {
    clearTimeout(timer);
    // Terminating is the only way to stop pdf.js mid-file and to give its memory back.
    worker.terminate();
  }
}
