/**
 * The tiny stand-ins of the hub models (test/fixtures/tiny-hub, made by scripts/make_tiny_hub_models.py), downloaded
 * by transformers.js from the hub mirror, must give what sentence-transformers gave for them (reference.json):
 * the same token counts (the tokenizer.json is read the same way) and the same mean-pooled, normalised vectors,
 * including for a text longer than the model's max_seq_length once the closing separator is put back the way the
 * app does it (src/embedding/engine.ts, runBatch).
 */
import { env, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from './server';

interface ReferenceModel {
  modelId: string;
  maxTokens: number;
  dim: number;
  texts: string[];
  tokenCounts: number[];
  vectors: number[][];
}

const reference = JSON.parse(readFileSync(join(DEFAULT_HUB_MIRROR_ROOT, 'reference.json'), 'utf8')) as {
  models: ReferenceModel[];
};

/** What each stand-in must look like to transformers.js, as the real model does. */
const EXPECTED: Record<string, { sep: string; sepId: number; tokenTypeIds: boolean }> = {
  'Xenova/all-MiniLM-L12-v2': { sep: '[SEP]', sepId: 3, tokenTypeIds: true },
  'Xenova/all-mpnet-base-v2': { sep: '</s>', sepId: 2, tokenTypeIds: false },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { sep: '</s>', sepId: 2, tokenTypeIds: false },
};

const MIN_COSINE = 0.9999;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** Mean over the attention mask, then L2 normalisation (sentence-transformers' Pooling(mean) + Normalize()). */
function meanPool(hidden: Float32Array, mask: BigInt64Array, rows: number, sequence: number, dim: number) {
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const sum = new Float64Array(dim);
    let count = 0;
    for (let t = 0; t < sequence; t++) {
      if (mask[r * sequence + t] === 0n) continue;
      count++;
      const offset = (r * sequence + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] = (sum[d] ?? 0) + (hidden[offset + d] ?? 0);
    }
    const mean = sum.map((v) => v / Math.max(count, 1));
    const norm = Math.sqrt(mean.reduce((acc, v) => acc + v * v, 0)) || 1;
    out.push(Float32Array.from(mean, (v) => v / norm));
  }
  return out;
}

describe.each(reference.models)('$modelId from the hub mirror', (model) => {
  const expected = EXPECTED[model.modelId];
  let mirror: HubMirror;
  let cacheDir: string;
  let extractor: FeatureExtractionPipeline;
  const saved = { ...env };

  beforeAll(async () => {
    mirror = await startHubMirror();
    cacheDir = mkdtempSync(join(tmpdir(), 'tiny-hub-cache-'));
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    env.remoteHost = mirror.url;
    // In Node, transformers.js hands onnxruntime-node a file path: downloads must go through the file-system cache.
    env.useFSCache = true;
    env.cacheDir = cacheDir;
    env.useBrowserCache = false;
    extractor = await pipeline('feature-extraction', model.modelId, { dtype: 'fp32', device: 'cpu' });
  });

  afterAll(async () => {
    await extractor?.dispose();
    await mirror?.close();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    Object.assign(env, {
      allowRemoteModels: saved.allowRemoteModels,
      allowLocalModels: saved.allowLocalModels,
      remoteHost: saved.remoteHost,
      useFSCache: saved.useFSCache,
      cacheDir: saved.cacheDir,
      useBrowserCache: saved.useBrowserCache,
    });
  });

  it('is a model this test knows', () => {
    expect(expected, model.modelId).toBeDefined();
    expect(model.tokenCounts.at(-1)).toBeGreaterThan(model.maxTokens);
  });

  it('downloads exactly config, tokenizer and the fp32 ONNX file from the mirror', () => {
    const prefix = `/${model.modelId}/resolve/main/`;
    const files = new Set(mirror.requests.map((r) => r.path.replace(prefix, '')));
    expect([...files].sort()).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(mirror.requests.filter((r) => r.status !== 200 && r.status !== 206)).toEqual([]);
  });

  it('has the separator token the app puts back after truncation', () => {
    const { tokenizer } = extractor;
    expect(tokenizer.sep_token).toBe(expected?.sep);
    expect(tokenizer.sep_token_id).toBe(expected?.sepId);
    // ...and it is the token the post-processor closes every sequence with
    const ids = tokenizer(model.texts[0] ?? '', { return_tensor: false }).input_ids as number[];
    expect(ids.at(-1)).toBe(tokenizer.sep_token_id);
  });

  it('tokenises every reference text into as many tokens as sentence-transformers', () => {
    const counts = model.texts.map((text) => extractor.tokenizer.encode(text).length);
    expect(counts).toEqual(model.tokenCounts);
  });

  it('gives token_type_ids only where the architecture takes them', () => {
    const inputs = extractor.tokenizer(['a'], { padding: true });
    expect('token_type_ids' in inputs).toBe(expected?.tokenTypeIds);
  });

  it('matches the reference vectors, the long text included, with the separator put back', async () => {
    const { tokenizer } = extractor;
    const inputs = tokenizer(model.texts, { padding: true, truncation: true, max_length: model.maxTokens });
    const ids = inputs.input_ids as Tensor;
    const [rows, sequence] = ids.dims as [number, number];
    expect(sequence).toBe(model.maxTokens);
    model.tokenCounts.forEach((count, row) => {
      if (count > model.maxTokens) {
        (ids.data as BigInt64Array)[row * sequence + model.maxTokens - 1] = BigInt(tokenizer.sep_token_id as number);
      }
    });
    const { last_hidden_state: hidden } = (await extractor.model(inputs)) as { last_hidden_state: Tensor };
    expect(hidden.dims).toEqual([rows, sequence, model.dim]);
    const vectors = meanPool(
      hidden.data as Float32Array,
      (inputs.attention_mask as Tensor).data as BigInt64Array,
      rows,
      sequence,
      model.dim,
    );
    const cosines = vectors.map((vector, row) => cosine(vector, model.vectors[row] ?? []));
    expect(Math.min(...cosines), `cosines ${cosines.map((c) => c.toFixed(7)).join(', ')}`).toBeGreaterThanOrEqual(
      MIN_COSINE,
    );
  });

  it("matches the reference vectors through the pipeline's own pooling for the texts that fit", async () => {
    const fit = model.texts
      .map((text, i) => ({ text, i }))
      .filter(({ i }) => (model.tokenCounts[i] ?? Infinity) <= model.maxTokens);
    const output = await extractor(
      fit.map((f) => f.text),
      { pooling: 'mean', normalize: true },
    );
    expect(output.dims).toEqual([fit.length, model.dim]);
    const data = output.data as Float32Array;
    const cosines = fit.map(({ i }, row) =>
      cosine(data.subarray(row * model.dim, (row + 1) * model.dim), model.vectors[i] ?? []),
    );
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(MIN_COSINE);
  });
});
