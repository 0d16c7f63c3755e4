import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomically } from './atomic-write';
import { CliFailure, EXIT } from './failure';
import { tempDir } from './test-helpers';

describe('writeFileAtomically', () => {
  it('replaces the file with the whole new text and leaves no temp file', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    const big = 'x'.repeat(3 * 1024 * 1024);
    await writeFileAtomically(path, ['[', big, ']']);
    expect(readFileSync(path, 'utf8')).toBe(`[${big}]`);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('puts the temp file beside the output, named after it and this process', () => {
    expect(tempPathFor('/data/jobs_vectors.json')).toBe(`/data/jobs_vectors.json.tmp-${process.pid}`);
  });

  it('on failure removes the temp file, keeps what was there and names the path and the OS error', async () => {
    const dir = tempDir();
    const path = join(dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'keep');
    const failure = await writeFileAtomically(path, ['new']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliFailure);
    expect((failure as CliFailure).exitCode).toBe(EXIT.output);
    expect((failure as CliFailure).message).toMatch(new RegExp(`${path}: E(ISDIR|NOTEMPTY|EXIST)`));
    expect((failure as CliFailure).error).toMatchObject({ code: 'output-failed', where: { file: path } });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('keep');
  });

  it('on a failure while the parts are made removes the temp file', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.json');
    function* parts() {
      yield 'x'.repeat(2 * 1024 * 1024);
      throw new Error('broken vector');
    }
    await expect(writeFileAtomically(path, parts())).rejects.toThrow(/out\.json: broken vector/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
