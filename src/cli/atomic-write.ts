import { open, rename, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeError, outputFailure } from './failure';

const WRITE_CHUNK = 1 << 20;

/** Temp files being written right now, so a Ctrl-C can remove them (see removePendingTempFiles). */
const pending = new Set<string>();

/** `<output>.tmp-<pid>` beside the output: the same folder, so the final rename never crosses a file system. */
export function tempPathFor(path: string): string {
  const absolute = resolve(path);
  return join(dirname(absolute), `${basename(absolute)}.tmp-${process.pid}`);
}

/**
 * Creates and removes the temp file writeFileAtomically will use for `file`: the one sure test, before
 * minutes of embedding, that a file can be created there (permissions, ACLs, a read-only file system).
 */
export async function probeTempFile(file: string): Promise<void> {
  const temp = tempPathFor(file);
  pending.add(temp);
  try {
    await (await open(temp, 'wx')).close();
    await unlink(temp);
  } finally {
    pending.delete(temp);
  }
}

/**
 * Writes `parts` to `file` (by default `path`) so that readers see the old file or the whole new one, never
 * a part: the text goes to `<file>.tmp-<pid>`, is flushed to disk, and is renamed over `file`. On any
 * failure the temp file is removed and a CliFailure with exit code 4 names `path` and the OS error.
 * `file` is where `path` really leads (see resolveOutputTarget), so a link is written through, not replaced.
 */
export async function writeFileAtomically(path: string, parts: Iterable<string>, file: string = path): Promise<void> {
  const temp = tempPathFor(file);
  pending.add(temp);
  try {
    const handle = await open(temp, 'wx');
    try {
      // Thousands of small writes are slow: hand the file system about a megabyte at a time.
      let buffered = '';
      for (const part of parts) {
        buffered += part;
        if (buffered.length >= WRITE_CHUNK) {
          await handle.write(buffered);
          buffered = '';
        }
      }
      if (buffered !== '') await handle.write(buffered);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, resolve(file));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw outputFailure(path, describeError(error), error);
  } finally {
    pending.delete(temp);
  }
}

/** Removes temp files still being written; for a signal handler, so it is synchronous. */
export function removePendingTempFiles(): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone, or never created.
    }
  }
  pending.clear();
}
