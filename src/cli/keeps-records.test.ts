import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './failure';
import { runCli } from './run-cli';
import { captureIo, careerpilotMatch, sampleJobs, tempDir, writeJson, type JobRecord } from './test-helpers';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown[];

/** Runs the command in this process; the exit code and stderr. */
async function run(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, err: io.err() };
}

/** Three demo jobs with fields of their own, which must all come back. */
function jobsWithExtras(): JobRecord[] {
  return sampleJobs(3).map((job, index) => ({
    ...job,
    salary: { min: 50_000 + index, currency: 'EUR' },
    raw: { ...job.raw, tag: `t${index}`, posted: null },
  }));
}

/** A record without a title (which the app cannot use) with nested fields of its own. */
const UNTITLED = { id: 'draft-7', company: 'Draft Ltd', notes: { todo: ['write the title', 2], done: false } };

describe('careerpilot-match never loses a record (real model, int8 on the CPU)', () => {
  it('--input-file jobs.json --output-file jobs.json: N records in, N out, the unusable ones unchanged in place', async () => {
    const dir = tempDir();
    const [a, b, c] = jobsWithExtras() as [JobRecord, JobRecord, JobRecord];
    const duplicate = { id: a.id, title: 'A second posting with the same id', raw: { description: 'Kept too.' } };
    const records = [a, UNTITLED, b, c, duplicate];
    const file = writeJson(join(dir, 'jobs.json'), records);

    const first = await run('--input-file', file, '--output-file', file);
    expect(first.code).toBe(EXIT.ok);
    expect(first.err).toContain('record 2, title: is missing: every job needs a title');
    expect(first.err).toContain(`record 5, id: duplicate id "${a.id}", first seen in record 1`);
    expect(first.err).toContain(`Note: the 2 records that could not be used are written to ${file} unchanged`);
    expect(first.err).toMatch(/Wrote .*jobs\.json: 3 jobs, 3 embedded, 0 reused, 2 skipped/);

    const written = readJson(file) as JobRecord[];
    expect(written).toHaveLength(5);
    expect(written[1]).toEqual(UNTITLED);
    expect(written[4]).toEqual(duplicate);
    // Every field of a used record comes back with the vector added to raw.
    [0, 2, 3].forEach((position, index) => {
      const { embedding, embedding_model, embedding_content_hash, ...raw } = (written[position] as JobRecord).raw;
      expect(embedding).toHaveLength(384);
      expect([embedding_model, embedding_content_hash].every((value) => typeof value === 'string')).toBe(true);
      expect({ ...written[position], raw }).toEqual([a, b, c][index]);
    });

    // The file is now a jobs_vectors.json: a second run reuses every vector and changes nothing.
    const before = readFileSync(file, 'utf8');
    const second = await run('--input-file', file, '--output-file', file);
    expect(second.code).toBe(EXIT.ok);
    expect(second.err).toContain('3 jobs, 0 embedded, 3 reused, 2 skipped');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a CSV row that cannot be used comes back as an object of its columns, in its place', async () => {
    const dir = tempDir();
    const csv = join(dir, 'jobs.csv');
    writeFileSync(
      csv,
      'Title,Company,description,Salary\nNurse,City Hospital,Night shifts.,100\n,Acme,No title here,5\n',
    );
    const output = join(dir, 'out.json');
    const result = await run('--input-file', csv, '--output-file', output);
    expect(result.code).toBe(EXIT.ok);
    const written = readJson(output) as JobRecord[];
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ title: 'Nurse', company: 'City Hospital', Salary: '100' });
    expect(written[1]).toEqual({ title: '', company: 'Acme', description: 'No title here', Salary: '5' });
  });

  it('a JSON Lines line that is not JSON: left out of another output with a note; the input itself is never replaced by fewer records', async () => {
    const dir = tempDir();
    const [a] = sampleJobs(1) as [JobRecord];
    const jsonl = join(dir, 'jobs.jsonl');
    const text = `${JSON.stringify(a)}\n{"title": "Broken\n${JSON.stringify(UNTITLED)}\n`;
    writeFileSync(jsonl, text);

    const output = join(dir, 'out.json');
    const other = await run('--input-file', jsonl, '--output-file', output);
    expect(other.code).toBe(EXIT.ok);
    expect(other.err).toContain(
      `Note: 1 of the 3 records cannot be written to ${output} as JSON (line 2 is not valid JSON); ` +
        'they are left out of it and stay only in the input file.',
    );
    expect(readJson(output)).toEqual([expect.objectContaining({ id: a.id }), UNTITLED]);

    const inPlace = await run('--input-file', jsonl, '--output-file', jsonl);
    expect(inPlace.code).toBe(EXIT.output);
    expect(inPlace.err).toContain(
      `Cannot write the output file ${jsonl}: it is the input file, a JSON Lines file, and the output is a ` +
        'jobs_vectors.json (a JSON list): the file would become JSON that this tool no longer reads as JSON Lines, ' +
        'so it was left unchanged. Pass --force to replace it anyway, or choose another --output-file.',
    );
    const forced = await run('--input-file', jsonl, '--output-file', jsonl, '--force');
    expect(forced.code).toBe(EXIT.output);
    expect(forced.err).toContain(
      `Cannot write the output file ${jsonl}: it is the input file, and 1 of its 3 records cannot be written back ` +
        'as JSON (line 2 is not valid JSON): writing it would leave 2 and lose the rest, so it was left unchanged. ' +
        'Fix that record, or choose another --output-file.',
    );
    for (const result of [inPlace, forced]) expect(result.err).not.toContain('Model ');
    expect(readFileSync(jsonl, 'utf8')).toBe(text);
  });

  it('the input as output: a CSV needs --force; a {"jobs": [...]} with other keys needs --force; with only "jobs" it is fine', async () => {
    const dir = tempDir();
    const csv = join(dir, 'jobs.csv');
    writeFileSync(csv, 'title,description\nNurse,Night shifts.\n');
    const csvRun = await run('--input-file', csv, '--output-file', csv);
    expect(csvRun.code).toBe(EXIT.output);
    expect(csvRun.err).toContain('it is the input file, a CSV file');
    expect(readFileSync(csv, 'utf8')).toBe('title,description\nNurse,Night shifts.\n');

    const jobs = sampleJobs(1);
    const wrapped = writeJson(join(dir, 'wrapped.json'), { source: 'board', jobs, fetched: '2026-01-01' });
    const before = readFileSync(wrapped, 'utf8');
    const wrappedRun = await run('--input-file', wrapped, '--output-file', wrapped);
    expect(wrappedRun.code).toBe(EXIT.output);
    expect(wrappedRun.err).toContain(
      'which cannot keep its top-level keys besides "jobs" ("source", "fetched"), so it was left unchanged. ' +
        'Pass --force to replace it anyway',
    );
    expect(readFileSync(wrapped, 'utf8')).toBe(before);

    const onlyJobs = writeJson(join(dir, 'only-jobs.json'), { jobs });
    expect((await run('--input-file', onlyJobs, '--output-file', onlyJobs)).code).toBe(EXIT.ok);
    expect(readJson(onlyJobs)).toEqual([expect.objectContaining({ id: jobs[0]?.id })]);
  });

  it('another jobs file (no vectors) as the output is left unchanged; an empty file or [] is replaced', async () => {
    const dir = tempDir();
    const input = writeJson(join(dir, 'in.json'), sampleJobs(2));
    const theirs = writeJson(join(dir, 'other-jobs.json'), sampleJobs(4).slice(2));
    const before = readFileSync(theirs, 'utf8');
    const refused = await run('--input-file', input, '--output-file', theirs);
    expect(refused.code).toBe(EXIT.output);
    expect(refused.err).toContain(
      `Cannot write the output file ${theirs}: it already exists and is not a jobs_vectors.json, so it was left ` +
        'unchanged. It holds 2 job postings but no vectors (no record has raw.embedding), so it looks like a jobs ' +
        'file, not an output of this tool. Pass --force to replace it, or choose another --output-file.',
    );
    expect(refused.err).not.toContain('Model ');
    expect(readFileSync(theirs, 'utf8')).toBe(before);

    for (const [name, text] of [
      ['empty.json', ''],
      ['list.json', '[ ]\n'],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const result = await run('--input-file', input, '--output-file', join(dir, name));
      expect(result.code).toBe(EXIT.ok);
      expect(result.err).not.toContain('Note:');
      expect(readJson(join(dir, name))).toHaveLength(2);
    }
  });

  it('reads UTF-16 with a byte order mark as the same text as UTF-8, and refuses Latin-1 with directions', async () => {
    const dir = tempDir();
    const jobs = sampleJobs(2).map((job) => ({ ...job, title: `${job.title as string} – Zürich (m/w/d) 🚀` }));
    const text = JSON.stringify(jobs);
    const output = join(dir, 'jobs_vectors.json');
    const utf8 = writeJson(join(dir, 'utf8.json'), jobs);
    expect((await run('--input-file', utf8, '--output-file', output)).code).toBe(EXIT.ok);

    for (const [name, bytes] of [
      ['utf16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ] as const) {
      writeFileSync(join(dir, name), bytes);
      const result = await run('--input-file', join(dir, name), '--output-file', output);
      expect(result.code).toBe(EXIT.ok);
      // The same text, so the same content hash: every vector of the UTF-8 run is reused.
      expect(result.err).toContain('2 jobs, 0 embedded, 2 reused');
      expect((readJson(output) as JobRecord[]).map((job) => job.title)).toEqual(jobs.map((job) => job.title));
    }

    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('title,description\nCaf\xe9 manager,Runs the caf\xe9.\n', 'latin1'));
    const refused = await run('--input-file', latin1, '--output-file', join(dir, 'out.json'));
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toContain(
      `Cannot read the input file ${latin1}: The file is not UTF-8 text: byte 0xE9 on line 2 is not valid UTF-8`,
    );
  });
});

describe('careerpilot-match with no --input-file and no sample_jobs.json here', () => {
  it('says so, and where the demo file is from here (a folder outside the repository: its full path)', async () => {
    const dir = tempDir();
    const result = await careerpilotMatch(dir, []);
    expect(result.code).toBe(EXIT.input);
    expect(result.stderr).toContain(
      `careerpilot-match: error: No sample_jobs.json in ${dir} (the default --input-file). Pass --input-file PATH ` +
        'with your jobs file; the demo file is public/sample_jobs.json in the repository ' +
        `(from here: --input-file ${join(REPO_ROOT, 'public', 'sample_jobs.json')}).`,
    );
  });

  it.skipIf(existsSync(join(REPO_ROOT, 'sample_jobs.json')))(
    'from the repository root, gives the demo file relative to it',
    async () => {
      const output = join(tempDir(), 'out.json');
      const result = await careerpilotMatch(REPO_ROOT, ['--output-file', output]);
      expect(result.code).toBe(EXIT.input);
      expect(result.stderr).toContain(
        `No sample_jobs.json in ${REPO_ROOT} (the default --input-file). Pass --input-file PATH with your jobs file; ` +
          'the demo file is public/sample_jobs.json in the repository (from here: --input-file public/sample_jobs.json).',
      );
    },
  );
});
