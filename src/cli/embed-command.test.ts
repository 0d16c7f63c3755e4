import { EMBEDDING_DIM } from '../core/vectors';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelKeyString } from '../core/jobs/hash';
import type { Job } from '../core/jobs/job';
import { parseJobsFile } from '../core/jobs/parse';
import { jobText } from '../core/jobs/text';
import { cosine, norm, row } from '../core/vectors';
import { loadEmbedder, type Embedder } from '../embedding/engine';
import { nodeEnvironment } from '../embedding/node-environment';
import { BUNDLED_MODEL_ID, MAX_TOKENS } from '../embedding/types';
import { runEmbedCommand } from './embed-command';
import { EXIT } from './failure';
import type { EmbedCliOptions } from './options';
import { captureIo, sampleJobs, tempDir, writeJson, type JobRecord } from './test-helpers';

const MODEL_KEY = { modelId: BUNDLED_MODEL_ID, dtype: 'int8', maxTokens: MAX_TOKENS };

function optionsFor(inputFile: string, outputFile: string): EmbedCliOptions {
  return {
    input: 'file',
    inputFile,
    inputFileIsDefault: false,
    storage: 'local',
    outputFile,
    modelId: BUNDLED_MODEL_ID,
    batchSize: 4,
    device: 'cpu',
    dtype: 'int8',
    dtypeIsDefault: false,
    force: false,
  };
}

const readOutput = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as JobRecord[];
const embeddingOf = (record: JobRecord) => record.raw.embedding as number[];

describe('careerpilot-match embed on 6 demo jobs (real model, int8 on the CPU)', () => {
  const jobs = sampleJobs(6);
  const dir = tempDir();
  const input = writeJson(join(dir, 'sample_jobs.json'), jobs);
  const output = join(dir, 'jobs_vectors.json');
  let reference: Embedder;

  beforeAll(async () => {
    reference = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment());
  });
  afterAll(() => reference?.dispose());

  it('writes every job with a 384-dim unit vector and every original field intact and in order', async () => {
    const io = captureIo();
    const summary = await runEmbedCommand(optionsFor(input, output), io);
    expect(summary).toMatchObject({ jobs: 6, embedded: 6, reused: 0, skipped: 0 });
    expect(summary.engine).toMatchObject({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' });
    expect(io.err()).toMatch(
      /Wrote .*jobs_vectors\.json: 6 jobs, 6 embedded, 0 reused, 0 skipped in [\d.]+ s \([\d.]+ jobs\/s\)/,
    );
    expect(io.out()).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['jobs_vectors.json', 'sample_jobs.json']);

    const written = readOutput(output);
    expect(written.map((record) => record.id)).toEqual(jobs.map((job) => job.id));
    written.forEach((record, index) => {
      const original = jobs[index] as JobRecord;
      expect(Object.keys(record)).toEqual(Object.keys(original));
      expect(Object.keys(record.raw)).toEqual([
        ...Object.keys(original.raw),
        'embedding',
        'embedding_model',
        'embedding_content_hash',
      ]);
      const { embedding, embedding_model, embedding_content_hash, ...rawRest } = record.raw;
      expect({ ...record, raw: rawRest }).toEqual(original);
      expect(embedding).toHaveLength(384);
      expect(norm(embedding as number[])).toBeCloseTo(1, 4);
      expect(embedding_model).toBe(modelKeyString(MODEL_KEY));
      expect(embedding_content_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('gives the vectors the engine gives for the whole jobText(job) directly (cosine >= 0.999)', async () => {
    const parsed = await parseJobsFile('sample_jobs.json', JSON.stringify(jobs));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const direct = (await reference.embedWindows(parsed.jobs.map((job) => jobText(job)))).vectors;
    readOutput(output).forEach((record, index) => {
      expect(cosine(embeddingOf(record), row(direct, index, EMBEDDING_DIM)), record.id).toBeGreaterThanOrEqual(0.999);
    });
  });

  it('a second run embeds nothing, reuses every vector and does not load the model', async () => {
    const before = readFileSync(output, 'utf8');
    const io = captureIo();
    const summary = await runEmbedCommand(optionsFor(input, output), io);
    expect(summary).toMatchObject({ jobs: 6, embedded: 0, reused: 6 });
    expect(summary.engine).toBeUndefined();
    expect(io.err()).toContain('the model was not loaded');
    expect(readFileSync(output, 'utf8')).toBe(before);
  });

  it('a grown file embeds only the new job; an edited job is embedded again', async () => {
    const grown = [...jobs, ...sampleJobs(7).slice(6)];
    const edited = grown.map((job, index) =>
      index === 2 ? { ...job, raw: { ...job.raw, description: 'Rewritten: a night-shift warehouse role.' } } : job,
    );
    writeJson(input, edited);
    const summary = await runEmbedCommand(optionsFor(input, output), captureIo());
    expect(summary).toMatchObject({ jobs: 7, embedded: 2, reused: 5 });
    const written = readOutput(output);
    expect(written).toHaveLength(7);
    const parsed = await parseJobsFile('x.json', JSON.stringify(edited));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const changed = [2, 6];
    const direct = (await reference.embedWindows(changed.map((index) => jobText(parsed.jobs[index] as Job)))).vectors;
    changed.forEach((index, position) => {
      expect(
        cosine(embeddingOf(written[index] as JobRecord), row(direct, position, EMBEDDING_DIM)),
      ).toBeGreaterThanOrEqual(0.999);
    });
  });

  it('reuses the vectors a jobs_vectors.json input carries, and lists skipped records with their reasons', async () => {
    const withBadRecord = [...readOutput(output), { id: 'broken', company: 'No Title Inc' }];
    const vectorsInput = writeJson(join(dir, 'carried.json'), withBadRecord);
    const freshOutput = join(dir, 'fresh.json');
    const io = captureIo();
    const summary = await runEmbedCommand(optionsFor(vectorsInput, freshOutput), io);
    expect(summary).toMatchObject({ jobs: 7, embedded: 0, reused: 7, skipped: 1 });
    expect(io.err()).toMatch(/record 8, title: /);
    expect(io.err()).toContain('1 skipped');
    // The record that could not be used is written back unchanged, where it stood, without a vector.
    const written = readOutput(freshOutput);
    expect(written).toHaveLength(8);
    expect(written[7]).toEqual({ id: 'broken', company: 'No Title Inc' });
    expect(written.slice(0, 7).map((record) => embeddingOf(record))).toEqual(
      readOutput(output).map((record) => embeddingOf(record)),
    );
    expect(io.err()).toContain(`Note: the record that could not be used is written to ${freshOutput} unchanged`);
  });

  it('never reuses a forged vector from the input or an earlier output: embeds the job again, naming the record', async () => {
    const honest = readOutput(output);
    const withVector = (record: JobRecord, embedding: number[]): JobRecord => ({
      ...record,
      raw: { ...record.raw, embedding },
    });
    // Right model key and content hash, but 50 times too long: it would score far above every honest match.
    const forged = honest.map((record, index) =>
      index === 1
        ? withVector(
            record,
            embeddingOf(record).map((value) => value * 50),
          )
        : record,
    );
    const forgedInput = writeJson(join(dir, 'forged.json'), forged);
    const rebuilt = join(dir, 'rebuilt.json');
    const io = captureIo();
    const summary = await runEmbedCommand(optionsFor(forgedInput, rebuilt), io);
    expect(summary).toMatchObject({ jobs: 7, embedded: 1, reused: 6, skipped: 0 });
    expect(io.err()).toContain(
      'record 2, raw.embedding: has length 50.00, not 1 (a sentence vector is normalised to unit length), ' +
        'so the vector in raw.embedding is not used; the job will be embedded again',
    );
    const written = readOutput(rebuilt);
    expect(norm(embeddingOf(written[1] as JobRecord))).toBeCloseTo(1, 4);
    expect(cosine(embeddingOf(written[1] as JobRecord), embeddingOf(honest[1] as JobRecord))).toBeGreaterThan(0.999);

    // An earlier output holding a zero vector: the others are reused from it, that one is embedded again.
    writeJson(
      rebuilt,
      written.map((record, index) =>
        index === 3
          ? withVector(
              record,
              embeddingOf(record).map(() => 0),
            )
          : record,
      ),
    );
    const again = captureIo();
    expect(await runEmbedCommand(optionsFor(input, rebuilt), again)).toMatchObject({ embedded: 1, reused: 6 });
    expect(again.err()).toContain(`Note: in ${rebuilt}, record 4, raw.embedding: is all zeros, so the vector`);
    expect(norm(embeddingOf(readOutput(rebuilt)[3] as JobRecord))).toBeCloseTo(1, 4);
  });

  it('leaves an output file that is not a jobs_vectors.json unchanged (exit 4) unless --force is given', async () => {
    const notes = join(dir, 'notes.json');
    writeFileSync(notes, 'these are my notes, not JSON');
    const refused = await runEmbedCommand(optionsFor(input, notes), captureIo()).catch((error: unknown) => error);
    expect(refused).toMatchObject({ exitCode: EXIT.output });
    expect((refused as Error).message).toBe(
      `Cannot write the output file ${notes}: it already exists and is not a jobs_vectors.json, so it was left ` +
        "unchanged. The file is not valid JSON: unexpected 't' at line 1 column 1. Pass --force to replace it, " +
        'or choose another --output-file.',
    );
    expect(readFileSync(notes, 'utf8')).toBe('these are my notes, not JSON');

    const io = captureIo();
    const summary = await runEmbedCommand({ ...optionsFor(input, notes), force: true }, io);
    expect(summary).toMatchObject({ jobs: 7, embedded: 7, reused: 0 });
    expect(io.err()).toContain(`Note: replacing ${notes}, which is not a jobs_vectors.json, because of --force.`);
    expect(readOutput(notes)).toHaveLength(7);
  });
});
