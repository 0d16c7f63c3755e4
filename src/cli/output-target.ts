import { constants, type Stats } from 'node:fs';
import { access, lstat, readlink, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { probeTempFile } from './atomic-write';
import { describeError, outputFailure } from './failure';

/** The file the output will replace, found and checked before any work is done. */
export interface OutputTarget {
  /** As the user gave it: every message names the file by it. */
  path: string;
  /**
   * Absolute, with symbolic links followed: the new file is renamed over the link's target, so the link
   * keeps pointing at it (as the original script's open(path, "w") wrote through a link), rather than
   * being replaced by a plain file while the target stays old.
   */
  file: string;
  /** What is there now (a regular file); null when nothing is. */
  existing: Stats | null;
}

/** S_ISVTX, which Node's typings do not name. */
const STICKY_BIT = 0o1000;

/** Links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * Finds where `path` will be written and fails at once, with the path and the OS reason, when it cannot
 * be, so no one waits through the embedding to learn it: a missing folder, a folder that is a file or is
 * read-only, a path that is a folder or ends in a separator, a link (dangling, looping or into a read-only
 * folder), an existing file that is read-only, a device or pipe (a rename would replace it with a plain
 * file: as root, /dev/null itself), a file of another user in a sticky folder such as /tmp (the rename
 * would fail with EPERM), and anything else that stops a file being created there (a read-only file
 * system, an ACL): a temp file is created there and removed.
 */
export async function resolveOutputTarget(path: string): Promise<OutputTarget> {
  if (path.endsWith('/') || path.endsWith(sep)) {
    throw outputFailure(
      path,
      `it ends in "${path.slice(-1)}", so it names a folder: give a file name, such as ${path}jobs_vectors.json.`,
    );
  }
  const file = await followLinks(path);
  const linkTarget = file === resolve(path) ? undefined : file;
  const fail: Fail = (reason, cause) => outputFailure(path, reason, cause, linkTarget);
  const existing = await stat(file).catch((error: unknown) => {
    if (isCode(error, 'ENOENT')) return null;
    // ENOTDIR: a part of the path is a file; the folder check below names which.
    if (isCode(error, 'ENOTDIR')) return null;
    throw fail(`${file} cannot be examined (${describeError(error)}).`, error);
  });
  if (existing?.isDirectory()) throw fail('it is a directory.');
  if (existing && !existing.isFile()) {
    throw fail(`it is not a regular file but a device, pipe or socket, which this tool would replace with a file.`);
  }
  if (existing) await checkFileWritable(file, existing, fail);
  const folder = dirname(file);
  const folderStats = await checkFolder(folder, fail);
  if (existing) checkStickyFolder(folder, folderStats, existing, fail);
  await probeTempFile(file).catch((error: unknown) => {
    throw fail(`a file cannot be created in its folder ${folder} (${describeError(error)}).`, error);
  });
  return { path, file, existing };
}

async function followLinks(path: string): Promise<string> {
  let file = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const stats = await lstat(file).catch(() => null);
    if (!stats?.isSymbolicLink()) return file;
    file = resolve(dirname(file), await readlink(file));
  }
  throw outputFailure(path, `it is a link, and following it passes more than ${MAX_LINKS} links (a loop?).`);
}

type Fail = (reason: string, cause?: unknown) => Error;

async function checkFileWritable(file: string, existing: Stats, fail: Fail): Promise<void> {
  // No write bit for anyone is a file someone marked read-only; root may write it, but should not replace it.
  if ((existing.mode & 0o222) === 0) {
    throw fail(
      `it is read-only (mode ${modeText(existing.mode)}): make it writable (chmod u+w) or choose another --output-file.`,
    );
  }
  await access(file, constants.W_OK).catch((error: unknown) => {
    throw fail(`it is not writable (${describeError(error)}).`, error);
  });
}

async function checkFolder(folder: string, fail: Fail): Promise<Stats> {
  const stats = await stat(folder).catch(async (error: unknown) => {
    const file = await nearestFileAbove(folder);
    if (file !== null) throw fail(`${file} is a file, not a folder (${describeError(error)}).`, error);
    if (isCode(error, 'ENOENT')) {
      throw fail(`its folder ${folder} does not exist (${describeError(error)}): create it first.`, error);
    }
    throw fail(`its folder ${folder} cannot be used (${describeError(error)}).`, error);
  });
  if (!stats.isDirectory()) throw fail(`${folder} is a file, not a folder.`);
  await access(folder, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw fail(`its folder ${folder} is not writable (${describeError(error)}).`, error);
  });
  return stats;
}

/** The part of `folder`'s path that exists and is not a folder, if any ("notes.txt" of "notes.txt/a/b"). */
async function nearestFileAbove(folder: string): Promise<string | null> {
  for (let current = folder; ; current = dirname(current)) {
    const stats = await stat(current).catch(() => null);
    if (stats) return stats.isDirectory() ? null : current;
    if (dirname(current) === current) return null;
  }
}

/**
 * In a folder with the sticky bit (/tmp), only the owner of a file (or of the folder) may replace it: the
 * final rename would fail with EPERM after all the work, although the folder itself is writable.
 */
function checkStickyFolder(folder: string, folderStats: Stats, existing: Stats, fail: Fail): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || (folderStats.mode & STICKY_BIT) === 0) return;
  if (existing.uid === uid || folderStats.uid === uid) return;
  throw fail(
    `it belongs to another user, and its folder ${folder} lets only a file's owner replace it ` +
      '(sticky bit, EPERM): choose another --output-file.',
  );
}

function modeText(mode: number): string {
  const bits = 'rwxrwxrwx';
  return Array.from(bits, (letter, index) => (mode & (0o400 >> index) ? letter : '-')).join('');
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}
