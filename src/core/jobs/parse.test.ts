import { describe, expect, it } from 'vitest';
import type { UserError } from '../user-error';
import type { Job, ParseOutcome } from './job';
import { detectJobsFormat, MAX_RECORDS, parseJobsFile } from './parse';

const original = [
  {
    id: 'a1',
    title: 'Frontend Developer',
    company: 'Acme',
    location: 'Berlin',
    raw: { description: 'Build UIs, fast.', requirements: ['React', 'TypeScript'] },
  },
  {
    id: 'b2',
    title: 'Nurse',
    company: 'City Hospital',
    location: 'Oslo',
    raw: { description: 'Night shifts.', requirements: [] },
  },
];

const flat = original.map(({ raw, ...rest }) => ({ ...rest, description: raw.description, skills: raw.requirements }));

function jobsOf(outcome: ParseOutcome): Job[] {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.jobs;
}

function fields(jobs: Job[]) {
  return jobs.map(({ id, title, company, location, description, requirements }) => ({
    id,
    title,
    company,
    location,
    description,
    requirements,
  }));
}

function messageOf(outcome: ParseOutcome): string {
  return errorOf(outcome).message;
}

function errorOf(outcome: ParseOutcome): UserError {
  if (outcome.ok) throw new Error('expected the file to be refused');
  return outcome.error;
}

describe('parseJobsFile', () => {
  it('reads every accepted form to the same jobs', async () => {
    const expected = fields(jobsOf(await parseJobsFile('sample_jobs.json', JSON.stringify(original))));
    expect(expected.map((job) => job.id)).toEqual(['a1', 'b2']);
    const csv =
      'id,title,company,location,description,requirements\n' +
      'a1,Frontend Developer,Acme,Berlin,"Build UIs, fast.",React;TypeScript\n' +
      'b2,Nurse,City Hospital,Oslo,Night shifts.,\n';
    const forms: [string, string][] = [
      ['flat.json', JSON.stringify(flat, null, 2)],
      ['wrapped.json', JSON.stringify({ source: 'export', jobs: original })],
      ['jobs.jsonl', original.map((job) => JSON.stringify(job)).join('\n') + '\n'],
      ['jobs.ndjson', flat.map((job) => JSON.stringify(job)).join('\r\n\r\n')],
      ['jobs.csv', csv],
      ['pasted', JSON.stringify(original)],
      ['pasted', original.map((job) => JSON.stringify(job)).join('\n')],
      ['pasted', csv],
      ['bom.json', '\ufeff' + JSON.stringify(original)],
    ];
    for (const [name, text] of forms) {
      expect(fields(jobsOf(await parseJobsFile(name, text))), name).toEqual(expected);
    }
  });

  it('says which format it read', async () => {
    const outcome = await parseJobsFile('x.jsonl', JSON.stringify(original[0]));
    expect(outcome.ok && outcome.format).toBe('jsonl');
  });

  it('keeps unknown fields, in their order, and numeric ids as numbers in the original', async () => {
    const text =
      '[{"posted":"2024-01-01","id":17,"title":"T","raw":{"url":"https://x","description":"D","tags":["a"]},"zz":null}]';
    const [job] = jobsOf(await parseJobsFile('a.json', text));
    expect(job?.id).toBe('17');
    expect(JSON.stringify(job?.original)).toBe(text.slice(1, -1));
  });

  it('lists bad records with their number and field and keeps the rest', async () => {
    const text = JSON.stringify([original[0], { title: 'No text' }, { title: 'T', raw: { description: 3 } }, 'oops']);
    const outcome = await parseJobsFile('a.json', text);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.jobs.map((job) => job.record)).toEqual([1]);
    expect(outcome.problems.map(({ record, field }) => ({ record, field }))).toEqual([
      { record: 2, field: 'description' },
      { record: 3, field: 'raw.description' },
      { record: 4, field: '' },
    ]);
    expect(outcome.problems[1]?.message).toBe('must be text, got a number');
  });

  it('keeps the first of two records with the same id', async () => {
    const text = JSON.stringify([original[0], original[1], { ...original[1], id: 'a1', title: 'Copy' }]);
    const outcome = await parseJobsFile('a.json', text);
    expect(fields(jobsOf(outcome)).map((job) => job.title)).toEqual(['Frontend Developer', 'Nurse']);
    expect(outcome.ok && outcome.problems).toEqual([
      { record: 3, field: 'id', message: 'duplicate id "a1", first seen in record 1; this record was left out' },
    ]);
  });

  it('treats the same posting without ids twice as a duplicate', async () => {
    const posting = { title: 'T', description: 'D' };
    const outcome = await parseJobsFile('a.json', JSON.stringify([posting, posting]));
    expect(jobsOf(outcome)).toHaveLength(1);
    expect(outcome.ok && outcome.problems[0]?.message).toContain(
      'same title, company, location and description as record 1',
    );
  });

  it('does not let __proto__ keys pollute anything', async () => {
    const text = '[{"title":"T","description":"D","__proto__":{"polluted":1},"raw":{"__proto__":{"polluted":2}}}]';
    const outcome = await parseJobsFile('a.json', text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [job] = jobsOf(outcome);
    expect(Object.hasOwn(job?.original ?? {}, '__proto__')).toBe(false);
    expect((job?.original as Record<string, unknown>).polluted).toBeUndefined();
    expect(outcome.ok && outcome.problems.map((problem) => problem.field)).toEqual(['__proto__', 'raw.__proto__']);
    const csv = await parseJobsFile('a.csv', 'title,description,__proto__\nT,D,x\n');
    expect(messageOf(csv)).toContain('"__proto__"');
  });

  it('gives line and column for a file that is not JSON', async () => {
    expect(messageOf(await parseJobsFile('a.json', '[\n  {"title": "T",}\n]'))).toBe(
      "The file is not valid JSON: expected a property name but found '}' (is there one comma too many?) at line 2 column 17.",
    );
    expect(messageOf(await parseJobsFile('a.json', '[{"title": "T"}'))).toBe(
      'The file is not valid JSON: the text ends too early at line 1 column 16.',
    );
    expect(messageOf(await parseJobsFile('a.json', "[{'title': 'T'}]"))).toContain(
      'expected a property name in double quotes but found "\'" at line 1 column 3',
    );
    expect(messageOf(await parseJobsFile('a.json', '[1 2]'))).toContain(
      "expected ',' or ']' but found '2' at line 1 column 4",
    );
    expect(messageOf(await parseJobsFile('a.json', '{"title":"T"}\n{"title":"U"}'))).toContain(
      'rename "a.json" to end in .jsonl',
    );
  });

  it('refuses empty files, empty lists and files without a list', async () => {
    expect(messageOf(await parseJobsFile('a.json', ' \n'))).toBe('The file is empty.');
    expect(messageOf(await parseJobsFile('a.json', '[]'))).toBe('The file has no job postings.');
    expect(messageOf(await parseJobsFile('a.json', '{"jobs": []}'))).toBe('The file has no job postings.');
    expect(messageOf(await parseJobsFile('a.csv', 'id,title,description\n'))).toBe('The file has no job postings.');
    expect(messageOf(await parseJobsFile('a.json', '42'))).toContain('but it holds a number');
    expect(messageOf(await parseJobsFile('a.json', '{"data": [], "count": 0}'))).toContain(
      'an object with the keys "data", "count"',
    );
    expect(messageOf(await parseJobsFile('a.json', '{"jobs": {}}'))).toBe(
      'The "jobs" field must be a list of job postings, but it is an object.',
    );
    expect(messageOf(await parseJobsFile('notes.txt', 'just some words'))).toContain('not JSON, JSON Lines or CSV');
  });

  it('refuses a file in which no record can be used, quoting the first problem', async () => {
    expect(errorOf(await parseJobsFile('a.json', '[{"title": ""}, {"description": "D"}]'))).toEqual({
      code: 'invalid-input',
      message:
        'None of the 2 records could be used; first problem: record 1, title: is empty: every job needs a title.',
      where: { file: 'a.json', record: 1, field: 'title' },
    });
  });

  it('says which file a refusal is about, as a UserError', async () => {
    expect(errorOf(await parseJobsFile('a.json', ' \n'))).toEqual({
      code: 'invalid-input',
      message: 'The file is empty.',
      where: { file: 'a.json' },
    });
  });

  it(`refuses more than ${MAX_RECORDS} records, naming the count`, async () => {
    const text = `[${Array.from({ length: MAX_RECORDS + 1 }, () => '{}').join(',')}]`;
    expect(errorOf(await parseJobsFile('a.json', text))).toEqual({
      code: 'file-too-large',
      message: 'The file has 50,001 job postings; at most 50,000 can be loaded at once. Split it into smaller files.',
      where: { file: 'a.json' },
    });
  });

  it('reads JSON Lines with a broken line, numbering records by line', async () => {
    const text = `${JSON.stringify(original[0])}\n\n{"title": "T", "description": }\n${JSON.stringify(original[1])}\n`;
    const outcome = await parseJobsFile('a.jsonl', text);
    expect(jobsOf(outcome).map((job) => [job.id, job.record])).toEqual([
      ['a1', 1],
      ['b2', 4],
    ]);
    expect(outcome.ok && outcome.problems).toEqual([
      {
        record: 3,
        field: '',
        message: "line 3 is not valid JSON: expected a value but found '}' (is there one comma too many?) at column 31",
      },
    ]);
  });

  it('reads CSV with quoted commas, quotes and line breaks, and a "Skills" column in any case', async () => {
    const text =
      'Title,Company,Description,Skills,url\r\n' +
      '"Chef, Head",Bistro,"Runs the kitchen.\r\nSays ""yes, chef"".","Knives|Sauces\nPlating",https://x\r\n' +
      ',,,,\r\n' +
      'Baker,,Bread.,,\r\n';
    const outcome = await parseJobsFile('a.csv', text);
    const jobs = jobsOf(outcome);
    expect(fields(jobs)).toEqual([
      expect.objectContaining({
        title: 'Chef, Head',
        company: 'Bistro',
        description: 'Runs the kitchen.\r\nSays "yes, chef".',
        requirements: ['Knives', 'Sauces', 'Plating'],
      }),
      expect.objectContaining({ title: 'Baker', description: 'Bread.', requirements: [] }),
    ]);
    expect(Object.keys(jobs[0]?.original ?? {})).toEqual(['title', 'company', 'description', 'skills', 'url']);
    expect(jobs[1]?.record).toBe(2);
  });

  it('refuses a CSV row whose values shifted, and a CSV without a title column', async () => {
    const outcome = await parseJobsFile('a.csv', 'title,description\nCook,Soup, and bread\nBaker,Bread\n');
    expect(jobsOf(outcome).map((job) => job.title)).toEqual(['Baker']);
    expect(outcome.ok && outcome.problems[0]).toMatchObject({ record: 1, field: '' });
    expect(messageOf(await parseJobsFile('a.csv', 'name,description\nCook,Soup\n'))).toBe(
      'The CSV header has no "title" column (its columns are: name, description).',
    );
  });

  it('reports a CSV quote that is never closed', async () => {
    const outcome = await parseJobsFile('a.csv', 'title,description\nBaker,Bread\nCook,"Soup\n');
    expect(jobsOf(outcome).map((job) => job.title)).toEqual(['Baker']);
    expect(outcome.ok && outcome.problems[0]).toMatchObject({ record: 2, field: '' });
    expect(outcome.ok && outcome.problems[0]?.message).toContain('never closed');
  });
});

describe('detectJobsFormat', () => {
  it('trusts the extension first, then the content', () => {
    expect(detectJobsFormat('JOBS.CSV', '[]')).toBe('csv');
    expect(detectJobsFormat('x.ndjson', '[]')).toBe('jsonl');
    expect(detectJobsFormat('x', '  [1]')).toBe('json');
    expect(detectJobsFormat('x', '{\n "jobs": []\n}')).toBe('json');
    expect(detectJobsFormat('x', '{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(detectJobsFormat('x.tsv', 'title\tdescription\nA\tB')).toBe('csv');
    expect(detectJobsFormat('x', 'hello')).toBeUndefined();
  });
});
