import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { careerpilotMatch, sampleJobs, tempDir, writeJson, type JobRecord } from './test-helpers';

describe('bin/careerpilot-match.mjs', () => {
  it('runs the original script command line from another folder and writes jobs_vectors.json there', async () => {
    const dir = tempDir();
    writeJson(join(dir, 'sample_jobs.json'), sampleJobs(3));
    const result = await careerpilotMatch(dir, [
      '--input',
      'file',
      '--input-file',
      'sample_jobs.json',
      '--storage',
      'local',
    ]);
    expect(result.stderr).toMatch(/Wrote jobs_vectors\.json: 3 jobs, 3 embedded, 0 reused, 0 skipped/);
    expect(result.code).toBe(0);
    // stderr is a pipe here: a one-line summary, no progress bar redraws.
    expect(result.stderr).not.toContain('\r');
    expect(result.stdout).toBe('');
    const written = JSON.parse(readFileSync(join(dir, 'jobs_vectors.json'), 'utf8')) as JobRecord[];
    expect(written.map((record) => (record.raw.embedding as number[]).length)).toEqual([384, 384, 384]);
  });

  it('exits 2 on a bad flag and 3 on a missing input file, naming it', async () => {
    const dir = tempDir();
    const bad = await careerpilotMatch(dir, ['embed', '--input', 'ftp']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are file, supabase/);
    const missing = await careerpilotMatch(dir, ['embed', '--input-file', 'gone.json']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Cannot read the input file gone\.json: ENOENT/);
    expect(existsSync(join(dir, 'jobs_vectors.json'))).toBe(false);
  });
});
