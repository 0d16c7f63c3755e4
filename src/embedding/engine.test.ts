import { EMBEDDING_DIM } from '../core/vectors';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, norm, row } from '../core/vectors';
import { loadReferenceFixture } from '../test-support/reference-fixture';
import { loadEmbedder, type Embedder } from './engine';
import { BUNDLED_MODELS_DIR, nodeEnvironment } from './node-environment';
import { BUNDLED_MODEL_ID, EmbedderFailure, type EmbedderError, type ModelDtype } from './types';

const reference = loadReferenceFixture();
const texts = reference.items.map((item) => item.text);

async function parityOf(embedder: Embedder) {
  const vectors = await embedder.embed(texts);
  const cosines = reference.items.map((item, index) => cosine(row(vectors, index, EMBEDDING_DIM), item.embedding));
  return { vectors, cosines, min: Math.min(...cosines), mean: cosines.reduce((a, b) => a + b, 0) / cosines.length };
}

async function failureOf(promise: Promise<unknown>): Promise<EmbedderError> {
  const failure = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(EmbedderFailure);
  return (failure as EmbedderFailure).error;
}

describe('the reference fixture', () => {
  it('covers at least 40 texts, some far over 256 word pieces', () => {
    expect(reference.items.length).toBeGreaterThanOrEqual(40);
    expect(reference.items.filter((item) => item.token_count > 256).length).toBeGreaterThanOrEqual(5);
    expect(reference.max_seq_length).toBe(256);
  });
});

describe.each<[ModelDtype, number]>([
  ['int8', 0.99],
  ['fp16', 0.999],
  ['fp32', 0.999],
])('engine in Node, %s, against sentence-transformers', (dtype, threshold) => {
  let embedder: Embedder;

  beforeAll(async () => {
    embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype }, nodeEnvironment());
  });
  afterAll(() => embedder?.dispose());

  it(`gives 384-dim unit vectors with cosine >= ${threshold} for every reference text`, async () => {
    const { vectors, cosines, min, mean } = await parityOf(embedder);
    console.log(`[parity node ${dtype}] n=${cosines.length} min=${min.toFixed(5)} mean=${mean.toFixed(5)}`);
    expect(vectors.length).toBe(texts.length * 384);
    reference.items.forEach((item, index) => {
      expect(norm(row(vectors, index, EMBEDDING_DIM)), item.id).toBeCloseTo(1, 4);
      expect(cosines[index], `${item.id} (${item.kind})`).toBeGreaterThanOrEqual(threshold);
    });
    expect(embedder.info).toMatchObject({ device: 'cpu', dtype, dim: 384, maxTokens: 256 });
  });

  it('says where its load time went: reading files, then building the ONNX Runtime session', () => {
    const { loadMs, loadBreakdown } = embedder.info;
    expect(loadBreakdown.filesMs).toBeGreaterThan(0);
    expect(loadBreakdown.runtimeMs).toBeGreaterThan(0);
    expect(Math.abs(loadBreakdown.filesMs + loadBreakdown.runtimeMs - loadMs)).toBeLessThanOrEqual(1);
  });

  it('returns the same vectors in input order whatever the batch: cosine >= 0.9999 between batch 1 and 32', async () => {
    const whole = await embedder.embed(texts, { batchSize: 32 });
    const oneByOne = await embedder.embed(texts, { batchSize: 1 });
    texts.forEach((_, index) =>
      expect(cosine(row(whole, index, EMBEDDING_DIM), row(oneByOne, index, EMBEDDING_DIM))).toBeGreaterThanOrEqual(
        0.9999,
      ),
    );
  });
});

describe('engine in Node: progress, cancellation and bad input', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment());
  });
  afterAll(() => embedder?.dispose());

  it('reports done/total after every batch', async () => {
    const seen: number[] = [];
    await embedder.embed(texts.slice(0, 10), { batchSize: 4, onProgress: (progress) => seen.push(progress.done) });
    expect(seen).toEqual([4, 8, 10]);
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    const error = await failureOf(
      embedder.embed(texts.slice(0, 10), {
        batchSize: 2,
        signal: controller.signal,
        onProgress: (progress) => progress.done >= 4 && controller.abort(),
      }),
    );
    expect(error.code).toBe('cancelled');
  });

  it('names the empty text in a list', async () => {
    const error = await failureOf(embedder.embed(['a nurse', '   ', 'a welder']));
    expect(error).toMatchObject({
      code: 'invalid-text',
      where: { index: 1 },
      message: 'Text #2 is empty: there is nothing to embed.',
    });
  });

  it('embeds a 1 MB text, lone surrogates and NUL bytes', async () => {
    const vectors = await embedder.embed(['data engineer '.repeat(75_000), 'nurse\uD800 shift', 'welder\u0000 night']);
    expect(vectors.length).toBe(3 * 384);
    for (let index = 0; index < 3; index++) expect(norm(row(vectors, index, EMBEDDING_DIM))).toBeCloseTo(1, 4);
  });

  it('truncates at 256 word pieces: text past the limit does not change the vector', async () => {
    const long = 'senior backend engineer building payment systems '.repeat(60);
    const [vectorA, vectorB] = [await embedder.embed([long]), await embedder.embed([`${long} and also nursing`])];
    expect(embedder.countTokens([long])[0]).toBeGreaterThan(256);
    expect(cosine(vectorA, vectorB)).toBeGreaterThan(0.99999);
  });

  it('reads a long posting whole: its requirements at the end change the vector, in windows cut at sentences', async () => {
    const blurb = Array.from(
      { length: 30 },
      (_, i) => `Our company ${i} builds friendly software for small shops and values kindness.`,
    ).join(' ');
    const nurse = `${blurb}\nRequirements:\nActive registered nurse license.\nBLS and ACLS certification.`;
    const coder = `${blurb}\nRequirements:\nFive years of Go and Kubernetes.\nAWS or GCP.`;
    const truncated = await embedder.embed([nurse, coder]);
    expect(cosine(row(truncated, 0, EMBEDDING_DIM), row(truncated, 1, EMBEDDING_DIM))).toBeGreaterThan(0.9999);
    const whole = await embedder.embedWindows([nurse, coder]);
    expect(cosine(row(whole.vectors, 0, EMBEDDING_DIM), row(whole.vectors, 1, EMBEDDING_DIM))).toBeLessThan(0.99);
    const [query] = [await embedder.embed(['ICU registered nurse with BLS and ACLS'])];
    expect(cosine(query, row(whole.vectors, 0, EMBEDDING_DIM))).toBeGreaterThan(
      cosine(query, row(whole.vectors, 1, EMBEDDING_DIM)),
    );
    const counts = [...whole.windows.counts];
    expect(counts[0]).toBeGreaterThanOrEqual(2);
    // Every window is at most 256 word pieces, ends at a sentence, and the windows cover the text in order.
    const spans = [...whole.windows.spans];
    const windowTexts = Array.from({ length: counts[0] as number }, (_, w) =>
      nurse.slice(spans[w * 2] as number, spans[w * 2 + 1] as number),
    );
    embedder.countTokens(windowTexts).forEach((count) => expect(count).toBeLessThanOrEqual(256));
    windowTexts.forEach((text) => expect(text).toMatch(/[.:]$/));
    expect(windowTexts.join(' ').replace(/\s+/g, ' ')).toBe(nurse.replace(/\s+/g, ' '));
    // The job's vector is the normalised mean of its windows' vectors.
    const perWindow = await embedder.embed(windowTexts);
    const mean = new Float32Array(384);
    windowTexts.forEach((_, w) =>
      row(perWindow, w, EMBEDDING_DIM).forEach((value, d) => (mean[d] = (mean[d] as number) + value)),
    );
    expect(cosine(mean, row(whole.vectors, 0, EMBEDDING_DIM))).toBeGreaterThan(0.9999);
  });

  it('gives a text that fits in one window the same vector whole as truncated', async () => {
    const short = texts.slice(0, 4);
    const whole = await embedder.embedWindows(short);
    const plain = await embedder.embed(short);
    short.forEach((text, index) => {
      if ((embedder.countTokens([text])[0] as number) > 256) return;
      expect(whole.windows.counts[index]).toBe(1);
      expect(cosine(row(whole.vectors, index, EMBEDDING_DIM), row(plain, index, EMBEDDING_DIM))).toBeGreaterThan(
        0.9999,
      );
    });
  });
});

describe('engine in Node: a broken model says which file and why', () => {
  let modelsDir: string;
  beforeAll(() => {
    modelsDir = mkdtempSync(join(tmpdir(), 'careerpilot-models-'));
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  function copyModel(name: string): string {
    const target = join(modelsDir, name);
    cpSync(join(BUNDLED_MODELS_DIR, BUNDLED_MODEL_ID), target, {
      recursive: true,
      filter: (source) => !source.endsWith('.onnx') || source.endsWith('model_int8.onnx'),
    });
    return target;
  }

  it('names a truncated ONNX file', async () => {
    const target = copyModel(BUNDLED_MODEL_ID);
    writeFileSync(join(target, 'onnx', 'model_int8.onnx'), new Uint8Array(500));
    const error = await failureOf(
      loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment(modelsDir)),
    );
    expect(error.code).toBe('model-load-failed');
    expect(error.where?.file).toBe('onnx/model_int8.onnx');
    expect(error.message).toMatch(/onnx\/model_int8\.onnx is not an ONNX model/);
  });

  it('names a tokenizer file that is not JSON', async () => {
    const target = copyModel(BUNDLED_MODEL_ID);
    writeFileSync(join(target, 'tokenizer.json'), '<!doctype html><html>oops</html>');
    const error = await failureOf(
      loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment(modelsDir)),
    );
    expect(error).toMatchObject({ code: 'model-load-failed', where: { file: 'tokenizer.json' } });
    expect(error.message).toMatch(/web page/);
  });
});

describe('engine in Node: GPU fallback', () => {
  it('falls back to the CPU and says why when CUDA cannot be used', async () => {
    // These machines have no CUDA runtime: the native CUDA provider fails to start, as on any laptop without one.
    const embedder = await loadEmbedder(
      { modelId: BUNDLED_MODEL_ID, device: 'cuda', dtype: 'fp32' },
      nodeEnvironment(),
    );
    try {
      expect(embedder.info.device).toBe('cpu');
      expect(embedder.info.fallbackReason).toMatch(/^cuda could not load the model .*; using cpu instead$/);
      const [first] = reference.items;
      if (!first) throw new Error('the reference fixture is empty');
      const vectors = await embedder.embed([first.text]);
      expect(cosine(vectors, first.embedding)).toBeGreaterThan(0.999);
    } finally {
      await embedder.dispose();
    }
  });
});
