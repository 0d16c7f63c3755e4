import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIM, l2Normalize } from '../vectors';
import { normalizeRecord, RECORD_LIMITS, splitRequirements } from './schema';

/** A unit vector, as the engine makes them. */
const unitVector = (): number[] => Array.from(l2Normalize(Array.from({ length: EMBEDDING_DIM }, (_, i) => i + 1)));

const nested = {
  id: 'j1',
  title: 'Data Engineer',
  company: 'Acme',
  location: 'Remote',
  raw: { description: 'Pipelines.', requirements: ['SQL', 'Python'] },
};

describe('normalizeRecord', () => {
  it('reads the original nested form', async () => {
    const { job, problems } = await normalizeRecord(nested, 1);
    expect(problems).toEqual([]);
    expect(job).toMatchObject({
      id: 'j1',
      title: 'Data Engineer',
      company: 'Acme',
      location: 'Remote',
      description: 'Pipelines.',
      requirements: ['SQL', 'Python'],
      record: 1,
    });
    expect(job?.original).toEqual(nested);
    expect(job?.original).not.toBe(nested);
  });

  it('reads the flat form with skills as one string, company and location optional', async () => {
    const { job } = await normalizeRecord(
      { id: 7, title: ' Nurse ', description: 'Night shifts', skills: 'BLS; ACLS' },
      2,
    );
    expect(job).toMatchObject({ id: '7', title: 'Nurse', company: '', location: '', requirements: ['BLS', 'ACLS'] });
    expect(job?.original.id).toBe(7);
  });

  it('derives a stable id from the content when there is none', async () => {
    const record = { title: 'Chef', company: 'Bistro', description: 'Cook.' };
    const first = await normalizeRecord(record, 1);
    const again = await normalizeRecord({ ...record, extra: true }, 9);
    expect(first.job?.id).toMatch(/^job-[0-9a-f]{16}$/);
    expect(again.job?.id).toBe(first.job?.id);
    expect(first.derivedId).toBe(true);
    expect((await normalizeRecord({ ...record, title: 'Sous chef' }, 1)).job?.id).not.toBe(first.job?.id);
    expect((await normalizeRecord({ ...record, id: '' }, 1)).job?.id).toBe(first.job?.id);
  });

  it('rejects a description that is not text, naming record and field', async () => {
    const nestedResult = await normalizeRecord({ ...nested, raw: { description: 42 } }, 4);
    expect(nestedResult.job).toBeUndefined();
    expect(nestedResult.problems).toEqual([
      { record: 4, field: 'raw.description', message: 'must be text, got a number' },
    ]);
    const flat = await normalizeRecord({ title: 'x', description: { text: 'y' } }, 5);
    expect(flat.problems).toEqual([{ record: 5, field: 'description', message: 'must be text, got an object' }]);
  });

  it('requires a title', async () => {
    expect((await normalizeRecord({ description: 'd' }, 1)).problems[0]).toEqual({
      record: 1,
      field: 'title',
      message: 'is missing: every job needs a title',
    });
    expect((await normalizeRecord({ title: '   ', description: 'd' }, 1)).problems[0]?.message).toBe(
      'is empty: every job needs a title',
    );
    expect((await normalizeRecord({ title: ['a'], description: 'd' }, 1)).problems[0]?.message).toBe(
      'must be text, got a list',
    );
  });

  it('requires a description or requirements', async () => {
    expect((await normalizeRecord({ title: 'x' }, 3)).problems[0]).toMatchObject({ record: 3, field: 'description' });
    expect((await normalizeRecord({ title: 'x', raw: { requirements: ['Go'] } }, 3)).job?.requirements).toEqual(['Go']);
  });

  it('rejects values over their limits instead of cutting them', async () => {
    const longTitle = await normalizeRecord({ title: 'x'.repeat(301), description: 'd' }, 1);
    expect(longTitle.problems[0]).toEqual({
      record: 1,
      field: 'title',
      message: 'is too long: 301 characters, at most 300 are allowed',
    });
    const longDescription = await normalizeRecord(
      { title: 't', description: 'd'.repeat(RECORD_LIMITS.description + 1) },
      1,
    );
    expect(longDescription.job).toBeUndefined();
    expect(longDescription.problems[0]?.message).toBe('is too long: 100,001 characters, at most 100,000 are allowed');
    const many = await normalizeRecord({ title: 't', requirements: Array.from({ length: 201 }, () => 'a') }, 1);
    expect(many.problems[0]).toMatchObject({
      field: 'requirements',
      message: 'has 201 items, at most 200 are allowed',
    });
    const longItem = await normalizeRecord({ title: 't', raw: { requirements: ['ok', 'r'.repeat(301)] } }, 1);
    expect(longItem.problems[0]?.field).toBe('raw.requirements[1]');
  });

  it('names the bad item of a requirements list', async () => {
    const { problems } = await normalizeRecord({ title: 't', description: 'd', requirements: ['Go', 5] }, 2);
    expect(problems).toEqual([{ record: 2, field: 'requirements[1]', message: 'must be text, got a number' }]);
  });

  it('rejects a record that is not an object, and a raw that is not an object', async () => {
    expect((await normalizeRecord('hello', 1)).problems[0]).toEqual({
      record: 1,
      field: '',
      message: 'is not a job posting: expected an object, got text',
    });
    expect((await normalizeRecord({ title: 't', raw: 'text' }, 1)).problems[0]?.field).toBe('raw');
  });

  it('drops __proto__, constructor and prototype keys at any depth, keeps the record and says so', async () => {
    const value: unknown = JSON.parse(
      '{"title":"t","description":"d","__proto__":{"polluted":1},"raw":{"constructor":{"prototype":{"polluted":2}}},"meta":[{"prototype":3}]}',
    );
    const { job, problems } = await normalizeRecord(value, 6);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(job?.original).toEqual({ title: 't', description: 'd', raw: {}, meta: [{}] });
    expect(Object.getPrototypeOf(job?.original)).toBe(Object.prototype);
    expect(Object.keys(job?.original ?? {})).toEqual(['title', 'description', 'raw', 'meta']);
    expect(problems).toEqual([
      { record: 6, field: '__proto__', message: 'was ignored: this key name is not allowed' },
      { record: 6, field: 'raw.constructor', message: 'was ignored: this key name is not allowed' },
      { record: 6, field: 'meta[0].prototype', message: 'was ignored: this key name is not allowed' },
    ]);
  });

  it('rejects absurdly deep nesting instead of overflowing the stack', async () => {
    const deep: unknown = JSON.parse(`{"title":"t","description":"d","x":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const { job, problems } = await normalizeRecord(deep, 1);
    expect(job).toBeUndefined();
    expect(problems[0]?.message).toContain('nested more than 64 levels');
  });

  it('carries a valid raw.embedding with its model and content hash', async () => {
    const vector = unitVector();
    const hash = 'a'.repeat(64);
    const raw = { ...nested.raw, embedding: vector, embedding_model: 'm|q8|256|text-v1', embedding_content_hash: hash };
    const { job, problems } = await normalizeRecord({ ...nested, raw }, 1);
    expect(problems).toEqual([]);
    expect(job?.carried).toEqual({ vector, model: 'm|q8|256|text-v1', contentHash: hash });
  });

  it('keeps the job but not a vector of the wrong size or without a model', async () => {
    const short = await normalizeRecord(
      { ...nested, raw: { ...nested.raw, embedding: [1, 2], embedding_model: 'm' } },
      3,
    );
    expect(short.job?.carried).toBeUndefined();
    expect(short.job?.id).toBe('j1');
    expect(short.problems).toEqual([
      {
        record: 3,
        field: 'raw.embedding',
        message:
          "must hold exactly 384 or 768 numbers (the models' sizes), got 2, so the vector in raw.embedding is not used; the job will be embedded again",
      },
    ]);
    const mpnetSized = Array.from({ length: 768 }, (_, index) => (index === 0 ? 1 : 0));
    const wrongModel = await normalizeRecord(
      {
        ...nested,
        raw: { ...nested.raw, embedding: mpnetSized, embedding_model: 'Xenova/all-MiniLM-L6-v2|int8|256|text-v2' },
      },
      3,
    );
    expect(wrongModel.job?.carried).toBeUndefined();
    expect(wrongModel.problems[0]?.message).toContain(
      'holds 768 numbers, but Xenova/all-MiniLM-L6-v2 vectors have 384',
    );
    const mpnet = await normalizeRecord(
      {
        ...nested,
        raw: { ...nested.raw, embedding: mpnetSized, embedding_model: 'Xenova/all-mpnet-base-v2|fp32|384|text-v2' },
      },
      3,
    );
    expect(mpnet.problems).toEqual([]);
    expect(mpnet.job?.carried?.vector).toHaveLength(768);
    const vector = unitVector();
    const text = await normalizeRecord(
      { ...nested, raw: { ...nested.raw, embedding: [...vector.slice(1), 'x'], embedding_model: 'm' } },
      3,
    );
    expect(text.problems[0]?.field).toBe('raw.embedding[383]');
    const noModel = await normalizeRecord({ ...nested, raw: { ...nested.raw, embedding: vector } }, 3);
    expect(noModel.job?.carried).toBeUndefined();
    expect(noModel.problems[0]?.field).toBe('raw.embedding_model');
  });

  it('keeps the job but not a forged vector: 384 numbers 50 times too long, all zeros, or NaN', async () => {
    const withEmbedding = (embedding: unknown[]) =>
      normalizeRecord({ ...nested, raw: { ...nested.raw, embedding, embedding_model: 'm|q8|256|text-v1' } }, 4);
    const kept = 'so the vector in raw.embedding is not used; the job will be embedded again';

    const long = await withEmbedding(unitVector().map((value) => value * 50));
    expect(long.job?.id).toBe('j1');
    expect(long.job?.carried).toBeUndefined();
    expect(long.problems).toEqual([
      {
        record: 4,
        field: 'raw.embedding',
        message: `has length 50.00, not 1 (a sentence vector is normalised to unit length), ${kept}`,
      },
    ]);

    const zero = await withEmbedding(unitVector().map(() => 0));
    expect(zero.job?.carried).toBeUndefined();
    expect(zero.problems).toEqual([{ record: 4, field: 'raw.embedding', message: `is all zeros, ${kept}` }]);

    const vector: unknown[] = unitVector();
    vector[7] = Number.NaN;
    const nan = await withEmbedding(vector);
    expect(nan.job?.carried).toBeUndefined();
    expect(nan.problems).toEqual([
      { record: 4, field: 'raw.embedding[7]', message: `must be a number, got NaN, ${kept}` },
    ]);

    // Float32 rounding and the 9-digit export stay well inside the tolerance.
    const rounded = unitVector().map((value) => Math.fround(Number(value.toPrecision(8))));
    expect((await withEmbedding(rounded)).job?.carried?.vector).toEqual(rounded);
  });
});

describe('splitRequirements', () => {
  it('splits on line breaks, semicolons and bars when present, keeping commas inside items', () => {
    expect(splitRequirements('React, Vue or Svelte; TypeScript | Go\nRust')).toEqual([
      'React, Vue or Svelte',
      'TypeScript',
      'Go',
      'Rust',
    ]);
  });

  it('splits on commas otherwise and drops empty items', () => {
    expect(splitRequirements(' SQL, Python ,, ')).toEqual(['SQL', 'Python']);
  });
});
