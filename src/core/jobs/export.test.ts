import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIM, l2Normalize } from '../vectors';
import { modelKeyString, sha256Hex } from './hash';
import type { Job, ParseOutcome } from './job';
import { exportJobsVectors, reusableVector } from './export';
import { parseJobsFile } from './parse';
import { jobText } from './text';

const key = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: 'int8', maxTokens: 256 };

const upload = [
  {
    source: 'board',
    id: 1,
    title: 'Frontend Developer',
    company: 'Acme',
    raw: { url: 'https://acme.example/1', description: 'Build UIs.', requirements: ['React'], posted: '2024-05-01' },
    tags: ['remote'],
  },
  { title: 'Nurse', description: 'Night shifts.', skills: 'BLS, ACLS', salary: { min: 1, max: 2 } },
  { id: 'c3', title: 'Baker', raw: { description: 'Bread.' } },
];

function vectorOf(seed: number): Float32Array {
  return l2Normalize(Array.from({ length: EMBEDDING_DIM }, (_, index) => Math.sin(seed * 7 + index * 0.37)));
}

function jobsOf(outcome: ParseOutcome): Job[] {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.jobs;
}

async function exported() {
  const jobs = jobsOf(await parseJobsFile('sample_jobs.json', JSON.stringify(upload)));
  const vectors = new Map(jobs.map((job, index) => [job.id, vectorOf(index + 1)]));
  vectors.delete('c3');
  const text = await exportJobsVectors(jobs, (job) => vectors.get(job.id), key);
  return { jobs, vectors, text };
}

describe('exportJobsVectors', () => {
  it('writes every record back with its unknown fields in order and the embedding added inside raw', async () => {
    const { jobs, text } = await exported();
    const written = JSON.parse(text) as Record<string, Record<string, unknown>>[];
    expect(text.startsWith('[\n  {\n    "source": "board",')).toBe(true);
    expect(Object.keys(written[0] ?? {})).toEqual(['source', 'id', 'title', 'company', 'raw', 'tags']);
    expect(Object.keys(written[0]?.raw ?? {})).toEqual([
      'url',
      'description',
      'requirements',
      'posted',
      'embedding',
      'embedding_model',
      'embedding_content_hash',
    ]);
    expect(written[0]?.id).toBe(1);
    expect(written[0]?.raw?.embedding_model).toBe(modelKeyString(key));
    expect(written[0]?.raw?.embedding_content_hash).toBe(await sha256Hex(jobText(jobs[0] as Job)));
    // A flat record gets a raw object at its end; a job without a vector gets no embedding keys.
    expect(Object.keys(written[1] ?? {})).toEqual(['title', 'description', 'skills', 'salary', 'raw']);
    expect(written[2]).toEqual(upload[2]);
  });

  it('round-trips: the vectors come back exactly, and the file reads as the same jobs', async () => {
    const { jobs, vectors, text } = await exported();
    const again = jobsOf(await parseJobsFile('jobs_vectors.json', text));
    const parsed = ({ id, title, company, location, description, requirements, record }: Job) => ({
      id,
      title,
      company,
      location,
      description,
      requirements,
      record,
    });
    expect(again.map(parsed)).toEqual(jobs.map(parsed));
    expect(await reusableVector(again[0] as Job, key)).toEqual(vectors.get('1'));
    expect(await reusableVector(again[1] as Job, key)).toEqual(vectors.get(again[1]?.id ?? ''));
    expect(await reusableVector(again[2] as Job, key)).toBeNull();
  });

  it('replaces embedding keys in place when exporting again, and drops them for a job without a vector', async () => {
    const { text } = await exported();
    const again = jobsOf(await parseJobsFile('jobs_vectors.json', text));
    const second = await exportJobsVectors(again, (job) => (job.id === '1' ? vectorOf(9) : undefined), key);
    const written = JSON.parse(second) as Record<string, Record<string, unknown>>[];
    expect(Object.keys(written[0]?.raw ?? {})).toEqual(Object.keys((JSON.parse(text) as typeof written)[0]?.raw ?? {}));
    expect(Float32Array.from(written[0]?.raw?.embedding as number[])).toEqual(vectorOf(9));
    expect(Object.keys(written[1]?.raw ?? {})).toEqual([]);
  });

  it('writes exactly JSON.stringify(records, null, 2) for jobs without vectors, and [] for no jobs', async () => {
    const { jobs } = await exported();
    expect(await exportJobsVectors(jobs, () => undefined, key)).toBe(JSON.stringify(upload, null, 2));
    expect(await exportJobsVectors([], () => undefined, key)).toBe('[]');
  });

  it('writes each vector on one line', async () => {
    const { text } = await exported();
    expect(text).toMatch(/\n {6}"embedding": \[-?0\.\d+(,-?\d\.?\d*(e-\d+)?){383}\],\n/);
  });

  it('throws on a vector of the wrong size (a programming error, not a user one)', async () => {
    const { jobs } = await exported();
    await expect(exportJobsVectors(jobs, () => [1, 2, 3], key)).rejects.toThrow(/3 numbers, not 384/);
  });
});

describe('reusableVector', () => {
  it('refuses a carried vector once the text changed', async () => {
    const { text } = await exported();
    const changed = text.replace('Build UIs.', 'Build UIs and APIs.');
    const [job] = jobsOf(await parseJobsFile('jobs_vectors.json', changed));
    expect(job?.carried).toBeDefined();
    expect(await reusableVector(job as Job, key)).toBeNull();
  });

  it('refuses a carried vector made under another model key', async () => {
    const { text } = await exported();
    const [job] = jobsOf(await parseJobsFile('jobs_vectors.json', text));
    expect(await reusableVector(job as Job, { ...key, dtype: 'fp32' })).toBeNull();
    expect(await reusableVector(job as Job, { ...key, maxTokens: 128 })).toBeNull();
    expect(await reusableVector(job as Job, { ...key, modelId: 'other/model' })).toBeNull();
  });

  it('refuses a carried vector without a content hash', async () => {
    const vector = Array.from(vectorOf(1));
    const record = { title: 'T', raw: { description: 'D', embedding: vector, embedding_model: modelKeyString(key) } };
    const [job] = jobsOf(await parseJobsFile('a.json', JSON.stringify([record])));
    expect(job?.carried?.vector).toEqual(vector);
    expect(await reusableVector(job as Job, key)).toBeNull();
  });

  it('never reuses a forged vector with the right model key and hash: 50 times too long, or all zeros', async () => {
    const { text } = await exported();
    const written = JSON.parse(text) as { raw: { embedding: number[] } }[];
    const first = written[0] as { raw: { embedding: number[] } };
    const honest = first.raw.embedding;
    first.raw.embedding = honest.map((value) => value * 50);
    (written[1] as { raw: { embedding: number[] } }).raw.embedding = honest.map(() => 0);
    const outcome = await parseJobsFile('jobs_vectors.json', JSON.stringify(written));
    const jobs = jobsOf(outcome);
    expect(jobs[0]?.carried).toBeUndefined();
    expect(jobs[1]?.carried).toBeUndefined();
    expect(outcome.ok && outcome.problems.map((problem) => [problem.record, problem.field])).toEqual([
      [1, 'raw.embedding'],
      [2, 'raw.embedding'],
    ]);
    for (const job of jobs.slice(0, 2)) expect(await reusableVector(job, key)).toBeNull();

    // Checked again when reused, for a Job built without normalizeRecord.
    const [job] = jobsOf(await parseJobsFile('jobs_vectors.json', text));
    const carried = job?.carried;
    if (!job || !carried) throw new Error('expected a carried vector');
    expect(await reusableVector(job, key)).not.toBeNull();
    const forged = { ...job, carried: { ...carried, vector: carried.vector.map((value) => value * 50) } };
    expect(await reusableVector(forged, key)).toBeNull();
    const zero = { ...job, carried: { ...carried, vector: carried.vector.map(() => 0) } };
    expect(await reusableVector(zero, key)).toBeNull();
  });
});
