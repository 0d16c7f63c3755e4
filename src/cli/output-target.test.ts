import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-write';
import { CliFailure, EXIT } from './failure';
import { resolveOutputTarget } from './output-target';
import {
  canRunUnprivileged,
  careerpilotMatch,
  SAMPLE_JOBS_PATH,
  sharedTempDir,
  tempDir,
  UNPRIVILEGED,
  writeJson,
} from './test-helpers';

/** The message resolveOutputTarget refuses `path` with (exit code 4), or a test failure when it does not. */
async function refusal(path: string): Promise<string> {
  const failure = await resolveOutputTarget(path).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(CliFailure);
  expect((failure as CliFailure).exitCode).toBe(EXIT.output);
  return (failure as CliFailure).message;
}

describe('resolveOutputTarget: found before any work, with the path and the reason', () => {
  it('a new file in a writable folder is fine, and nothing is left behind by the check', async () => {
    const dir = tempDir();
    const target = await resolveOutputTarget(join(dir, 'out.json'));
    expect(target).toEqual({ path: join(dir, 'out.json'), file: join(dir, 'out.json'), existing: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path that ends in a separator (it names a folder)', async () => {
    const dir = tempDir();
    expect(await refusal(`${dir}/new/`)).toBe(
      `Cannot write the output file ${dir}/new/: it ends in "/", so it names a folder: give a file name, ` +
        `such as ${dir}/new/jobs_vectors.json.`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path under a file, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(await refusal(join(dir, 'notes.txt', 'out.json'))).toMatch(
      new RegExp(`${dir}/notes\\.txt is a file, not a folder`),
    );
    expect(await refusal(join(dir, 'notes.txt', 'deeper', 'out.json'))).toMatch(
      new RegExp(`${dir}/notes\\.txt is a file, not a folder \\(ENOTDIR`),
    );
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('refuses a folder that does not exist, with the OS error', async () => {
    const dir = tempDir();
    expect(await refusal(join(dir, 'nope', 'out.json'))).toBe(
      `Cannot write the output file ${dir}/nope/out.json: its folder ${dir}/nope does not exist ` +
        `(ENOENT: no such file or directory, stat '${dir}/nope'): create it first.`,
    );
  });

  it('refuses an existing file that is read-only (even for root), and leaves it as it was', async () => {
    const dir = tempDir();
    const output = join(dir, 'out.json');
    writeFileSync(output, '[]');
    chmodSync(output, 0o444);
    expect(await refusal(output)).toBe(
      `Cannot write the output file ${output}: it is read-only (mode r--r--r--): make it writable (chmod u+w) ` +
        'or choose another --output-file.',
    );
    expect(readFileSync(output, 'utf8')).toBe('[]');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it.skipIf(process.platform === 'win32')('refuses a pipe, which a rename would replace with a file', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'out.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toMatch(/it is not a regular file but a device, pipe or socket/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('follows a link, so the file it points at is replaced and the link stays a link', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'real.json'), '[]');
    symlinkSync(join('data', 'real.json'), join(dir, 'out.json'));
    const target = await resolveOutputTarget(join(dir, 'out.json'));
    expect(target.file).toBe(join(dir, 'data', 'real.json'));
    await writeFileAtomically(target.path, ['[1]'], target.file);
    expect(lstatSync(join(dir, 'out.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'data', 'real.json'), 'utf8')).toBe('[1]');
  });

  it('follows a dangling link to where it points, and refuses one into a missing folder', async () => {
    const dir = tempDir();
    symlinkSync('made-later.json', join(dir, 'out.json'));
    const target = await resolveOutputTarget(join(dir, 'out.json'));
    expect(target).toMatchObject({ file: join(dir, 'made-later.json'), existing: null });
    await writeFileAtomically(target.path, ['[]'], target.file);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('[]');

    symlinkSync(join('gone', 'x.json'), join(dir, 'dangling.json'));
    expect(await refusal(join(dir, 'dangling.json'))).toMatch(
      new RegExp(`dangling\\.json \\(a link to ${dir}/gone/x\\.json\\): its folder ${dir}/gone does not exist`),
    );
  });

  it('refuses a loop of links', async () => {
    const dir = tempDir();
    symlinkSync('b.json', join(dir, 'a.json'));
    symlinkSync('a.json', join(dir, 'b.json'));
    expect(await refusal(join(dir, 'a.json'))).toMatch(/it is a link, and following it passes more than 40 links/);
  });
});

describe.skipIf(!canRunUnprivileged())(
  'careerpilot-match with an output an ordinary user cannot write: exit 4 before the model loads',
  () => {
    /** Runs as an ordinary user; the model never loads, so no "Model ..." line and nothing written. */
    async function refusedAs(dir: string, output: string) {
      const input = writeJson(join(dir, 'in.json'), JSON.parse(readFileSync(SAMPLE_JOBS_PATH, 'utf8')));
      chmodSync(input, 0o644);
      const result = await careerpilotMatch(dir, ['--input-file', 'in.json', '--output-file', output], UNPRIVILEGED);
      expect(result.code).toBe(EXIT.output);
      expect(result.stderr).not.toMatch(/Model |Read \d+ jobs/);
      return result.stderr;
    }

    it('a read-only folder, and a link into one', async () => {
      const dir = sharedTempDir();
      mkdirSync(join(dir, 'locked'));
      writeFileSync(join(dir, 'locked', 'target.json'), '[]');
      chmodSync(join(dir, 'locked'), 0o555);
      expect(await refusedAs(dir, 'locked/out.json')).toContain(
        `Cannot write the output file locked/out.json: its folder ${realpathSync(dir)}/locked is not writable (EACCES`,
      );
      symlinkSync(join('locked', 'new.json'), join(dir, 'link.json'));
      expect(await refusedAs(dir, 'link.json')).toContain(
        `Cannot write the output file link.json (a link to ${realpathSync(dir)}/locked/new.json): ` +
          `its folder ${realpathSync(dir)}/locked is not writable (EACCES`,
      );
      expect(readFileSync(join(dir, 'locked', 'target.json'), 'utf8')).toBe('[]');
      expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    });

    it.skipIf(process.getuid?.() !== 0)("another user's file, and another user's file in a sticky folder", async () => {
      const dir = sharedTempDir();
      writeFileSync(join(dir, 'theirs.json'), '[]');
      chmodSync(join(dir, 'theirs.json'), 0o644);
      expect(await refusedAs(dir, 'theirs.json')).toContain(
        'Cannot write the output file theirs.json: it is not writable (EACCES: permission denied',
      );
      mkdirSync(join(dir, 'sticky'));
      chmodSync(join(dir, 'sticky'), 0o1777);
      writeFileSync(join(dir, 'sticky', 'shared.json'), '[]');
      chmodSync(join(dir, 'sticky', 'shared.json'), 0o666);
      expect(await refusedAs(dir, 'sticky/shared.json')).toContain(
        `it belongs to another user, and its folder ${realpathSync(dir)}/sticky lets only a file's owner replace it (sticky bit, EPERM)`,
      );
      expect(readFileSync(join(dir, 'sticky', 'shared.json'), 'utf8')).toBe('[]');
    });
  },
);
