import { describe, expect, it } from 'vitest';
import type { ParseOutcome } from './job';
import { parseJobsFile } from './parse';
import { readRecordsAsRead, type RecordAsRead } from './records';

const good = (n: number) => ({ id: `j${n}`, title: `Job ${n}`, raw: { description: `Work ${n}.`, tag: n } });

function ok(outcome: ParseOutcome) {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome;
}

/** Every job parseJobsFile made is the record readRecordsAsRead gives for the same number. */
async function expectAgreement(fileName: string, text: string): Promise<RecordAsRead[]> {
  const parsed = ok(await parseJobsFile(fileName, text));
  const read = readRecordsAsRead(fileName, text);
  if (read === null) throw new Error('not read');
  expect(read.format).toBe(parsed.format);
  const byRecord = new Map(read.records.map((item) => [item.record, item]));
  for (const job of parsed.jobs) expect(byRecord.get(job.record)).toEqual({ record: job.record, value: job.original });
  // Every left-out record is there too, under the number its problem names.
  for (const problem of parsed.problems) expect(byRecord.has(problem.record)).toBe(true);
  return read.records;
}

describe('readRecordsAsRead', () => {
  it('gives every JSON record in order, the unusable ones too, and a wrapper keys besides "jobs"', async () => {
    const list = [good(1), { id: 'x', company: 'No title' }, 42, good(1)];
    expect(await expectAgreement('jobs.json', `\uFEFF${JSON.stringify(list)}`)).toEqual(
      list.map((value, index) => ({ record: index + 1, value })),
    );
    const wrapper = { source: 'export', jobs: [good(1)], fetched: '2026-01-01' };
    expect(readRecordsAsRead('jobs.json', JSON.stringify(wrapper))?.otherTopLevelKeys).toEqual(['source', 'fetched']);
    expect(readRecordsAsRead('jobs.json', JSON.stringify({ jobs: [good(1)] }))?.otherTopLevelKeys).toEqual([]);
  });

  it('numbers JSON Lines by line and says which line is not JSON', async () => {
    const text = `${JSON.stringify(good(1))}\n\n{"title": broken}\r\n${JSON.stringify({ company: 'x' })}\n`;
    expect(await expectAgreement('jobs.jsonl', text)).toEqual([
      { record: 1, value: good(1) },
      { record: 3, unreadable: 'line 3 is not valid JSON' },
      { record: 4, value: { company: 'x' } },
    ]);
  });

  it('gives a CSV row as an object of its columns, named as the parser names them', async () => {
    const text = 'Title,Description,,Salary\nNurse,Night shifts,x,100\n,No title,,5\nA,B,C,D,E,F\n"Open,quote\n';
    expect(await expectAgreement('jobs.csv', text)).toEqual([
      { record: 1, value: { title: 'Nurse', description: 'Night shifts', 'column 3': 'x', Salary: '100' } },
      { record: 2, value: { title: '', description: 'No title', 'column 3': '', Salary: '5' } },
      { record: 3, unreadable: 'CSV row 3 has more values than the header has columns' },
      { record: 4, unreadable: 'CSV row 4 has a quoted value that is not closed' },
    ]);
  });

  it('is null for a file the parser cannot read at all', () => {
    expect(readRecordsAsRead('jobs.json', '{"title": "A",}')).toBeNull();
    expect(readRecordsAsRead('jobs.csv', 'Title,__proto__\nA,B\n')).toBeNull();
  });
});
