import { constants } from 'node:fs';
import { access, open, rename, stat, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userError } from '../core/user-error';
import { CliFailure, describeError, EXIT } from './failure';

const WRITE_CHUNK = 1 << 20;

/** Temp files being written right now, so a Ctrl-C can remove them (see removePendingTempFiles). */
const pending = new Set<string>();

/** `<output>.tmp-<pid>` beside the output: the same folder, so the final rename never crosses a file system. */
export function tempPathFor(path: string): string {
  const absolute = resolve(path);
  return join(dirname(absolute), `${basename(absolute)}.tmp-${process.pid}`);
}

function outputFailure(path: string, reason: string, cause?: unknown): CliFailure {
  const error = userError('output-failed', `Cannot write the output file ${path}: ${reason}`, { file: path });
  return new CliFailure(EXIT.output, error, cause === undefined ? undefined : { cause });
}

/**
 * Fails early (before minutes of embedding) when `path` cannot be written: its folder is missing, is not
 * a folder or is read-only, or `path` is a folder.
 */
export async function checkWritable(path: string): Promise<void> {
  const absolute = resolve(path);
  const existing = await stat(absolute).catch(() => null);
  if (existing?.isDirectory()) throw outputFailure(path, 'it is a directory.');
  const folder = dirname(absolute);
  const folderStats = await stat(folder).catch((error: unknown) => {
    throw outputFailure(path, `its folder ${folder} cannot be used (${describeError(error)}).`);
  });
  if (!folderStats.isDirectory()) throw outputFailure(path, `${folder} is not a directory.`);
  await access(folder, constants.W_OK).catch((error: unknown) => {
    throw outputFailure(path, `its folder ${folder} is not writable (${describeError(error)}).`);
  });
}

/**
 * Writes `parts` to `path` so that readers see the old file or the whole new one, never a part: the text
 * goes to `<path>.tmp-<pid>`, is flushed to disk, and is renamed over `path`. On any failure the temp file
 * is removed and a CliFailure with exit code 4 names the path and the OS error.
 */
export async function writeFileAtomically(path: string, parts: Iterable<string>): Promise<void> {
  const temp = tempPathFor(path);
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
    await rename(temp, resolve(path));
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
