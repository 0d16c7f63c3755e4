import { EMBEDDING_DIM } from '../core/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, row } from '../core/vectors';
import { loadStsbDev, spearman, stsbDevCsv, type StsbDev } from '../test-support/stsb';
import { loadEmbedder, type Embedder } from './engine';
import { nodeEnvironment } from './node-environment';
import { BUNDLED_MODEL_ID } from './types';

const csv = stsbDevCsv();

// The parity gates of the int8 model on the STS Benchmark dev split: every sentence within cosine 0.99 of
// sentence-transformers, and the split's Spearman within 0.3 of the fp32 reference's.
describe.skipIf(!csv)('int8 in Node against sentence-transformers on every STS-B dev sentence', () => {
  let embedder: Embedder;
  let stsb: StsbDev;
  let vectors: Float32Array;

  beforeAll(async () => {
    stsb = loadStsbDev(csv as string);
    embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment());
    vectors = await embedder.embed(stsb.sentences, { batchSize: 32 });
  }, 300_000);
  afterAll(() => embedder?.dispose());

  it('gives every sentence a vector within cosine 0.99 of sentence-transformers', () => {
    const cosines = stsb.reference.map((reference, index) => cosine(row(vectors, index, EMBEDDING_DIM), reference));
    const worst = cosines.indexOf(Math.min(...cosines));
    console.log(`[stsb node int8] n=${cosines.length} min=${cosines[worst]?.toFixed(5)}`);
    expect(stsb.sentences.length).toBe(2910);
    expect(cosines[worst], stsb.sentences[worst]).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps the Spearman correlation with the human scores within 0.3 of the fp32 reference', () => {
    const at = new Map(stsb.sentences.map((sentence, index) => [sentence, index]));
    const similarity = stsb.pairs.map((pair) =>
      cosine(
        row(vectors, at.get(pair.first) as number, EMBEDDING_DIM),
        row(vectors, at.get(pair.second) as number, EMBEDDING_DIM),
      ),
    );
    const ours = spearman(
      similarity,
      stsb.pairs.map((pair) => pair.score),
    );
    console.log(`[stsb node int8] Spearman x100 ${(ours * 100).toFixed(3)} (reference ${stsb.referenceSpearman})`);
    expect(Math.abs(ours * 100 - stsb.referenceSpearman)).toBeLessThanOrEqual(0.3);
  });
});

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and shares tied ranks', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.866, 3);
  });
});
