import { describe, expect, it } from 'vitest';
import { exportJobsVectors } from '../core/jobs/export';
import type { Job } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { readRecordsAsRead } from '../core/jobs/records';
import { EMBEDDING_DIM } from '../core/vectors';
import { outputParts, outputRecords, unreadableRecords } from './output-records';

const KEY = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 };
const unit = Float32Array.from({ length: EMBEDDING_DIM }, (_, index) => (index === 0 ? 1 : 0));

async function read(fileName: string, text: string) {
  const parsed = await parseJobsFile(fileName, text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { jobs: parsed.jobs, records: outputRecords(parsed.jobs, readRecordsAsRead(fileName, text)?.records ?? null) };
}

describe('outputParts', () => {
  it('is exportJobsVectors with each unusable record put back unchanged where it stood', async () => {
    const list = [
      { id: 'a', title: 'A', raw: { description: 'First.' } },
      { id: 'x', notes: ['no title'], raw: { embedding: 'not a vector, and not ours to drop' } },
      'just text',
      { id: 'b', title: 'B', description: 'Second.', extra: { kept: true } },
    ];
    const { jobs, records } = await read('jobs.json', JSON.stringify(list));
    const text = (await outputParts(records, jobs, () => unit, KEY)).join('');
    const written = JSON.parse(text) as unknown[];
    expect(written).toHaveLength(4);
    expect(written[1]).toEqual(list[1]);
    expect(written[2]).toBe('just text');
    // The jobs are exactly what the app's export writes for them, layout included.
    const exported = JSON.parse(await exportJobsVectors(jobs, () => unit, KEY)) as unknown[];
    expect([written[0], written[3]]).toEqual(exported);
    expect(text.startsWith('[\n  {\n    "id": "a"')).toBe(true);
    expect(text).toContain('\n  },\n  {\n    "id": "x",\n    "notes": [\n      "no title"\n    ],');
  });

  it('every record a job: the export itself, byte for byte', async () => {
    const jobs = (await read('jobs.json', JSON.stringify([{ title: 'A', description: 'x' }]))).jobs as Job[];
    const parts = await outputParts(outputRecords(jobs, null), jobs, () => unit, KEY);
    expect(parts.join('')).toBe(await exportJobsVectors(jobs, () => unit, KEY));
  });

  it('names a record that has no JSON form, and leaves it out', async () => {
    const { jobs, records } = await read('jobs.jsonl', '{"title": "A", "description": "x"}\n{oops\n');
    expect(unreadableRecords(records)).toEqual([{ record: 2, unreadable: 'line 2 is not valid JSON' }]);
    expect(JSON.parse((await outputParts(records, jobs, () => unit, KEY)).join(''))).toHaveLength(1);
  });
});
