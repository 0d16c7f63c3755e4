import { EMBEDDING_DIM } from '../core/vectors';
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelKey } from '../core/jobs/job';
import { cosine, row } from '../core/vectors';
import { loadEmbedder, type Embedder } from '../embedding/engine';
import { nodeEnvironment } from '../embedding/node-environment';
import { BUNDLED_MODEL_ID } from '../embedding/types';
import { openLocalStore } from '../storage/indexeddb-store';
import type { LocalStore } from '../storage/local-store';
import { embedFunctionOf, embedWithCache, type EmbedFunction } from './embed-with-cache';

const key: ModelKey = { modelId: BUNDLED_MODEL_ID, dtype: 'int8', maxTokens: 256 };
const texts = ['Registered nurse, ICU', 'React developer', 'Journeyman electrician', 'Payroll specialist', 'Welder'];

let embedder: Embedder;
let store: LocalStore;
let calls: string[][] = [];

// The real model in Node, behind the same call shape the page's worker client has; records each call.
const embed: EmbedFunction = (batch, options) => {
  calls.push(batch);
  return embedFunctionOf(embedder)(batch, options);
};

beforeAll(async () => {
  embedder = await loadEmbedder({ modelId: BUNDLED_MODEL_ID, device: 'cpu', dtype: 'int8' }, nodeEnvironment());
  store = await openLocalStore();
});
afterAll(async () => {
  await embedder.dispose();
  store.close();
});

describe('embedWithCache', () => {
  it('embeds each text once; the next run reuses every vector', async () => {
    await store.clear();
    calls = [];
    const first = await embedWithCache(texts, key, store, embed, { batchSize: 2 });
    expect(first).toMatchObject({ embedded: 5, reused: 0 });
    expect(calls.map((batch) => batch.length)).toEqual([2, 2, 1]);

    calls = [];
    const second = await embedWithCache(texts, key, store, embed);
    expect(second).toMatchObject({ embedded: 0, reused: 5 });
    expect(calls).toEqual([]);
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });

  it('embeds only a changed text', async () => {
    calls = [];
    const changed = [...texts.slice(0, 4), 'Welder, TIG and MIG'];
    const run = await embedWithCache(changed, key, store, embed);
    expect(run).toMatchObject({ embedded: 1, reused: 4 });
    expect(calls).toEqual([['Welder, TIG and MIG']]);
  });

  it('never reuses a vector made under another model key', async () => {
    calls = [];
    const run = await embedWithCache(texts, { ...key, dtype: 'fp32' }, store, embed);
    expect(run.embedded).toBe(5);
  });

  it('uses and stores a vector the file carried', async () => {
    await store.clear();
    const carried = Float32Array.from({ length: 384 }, (_, i) => (i === 0 ? 1 : 0));
    const run = await embedWithCache(['Carried job'], key, store, embed, { carried: async () => carried });
    expect(run).toMatchObject({ embedded: 0, reused: 1 });
    expect(cosine(row(run.vectors, 0, EMBEDDING_DIM), carried)).toBeCloseTo(1);
    expect(await store.countVectors()).toBe(1);
  });

  it('keeps the batches that finished when cancelled', async () => {
    await store.clear();
    const controller = new AbortController();
    const run = await embedWithCache(texts, key, store, embed, {
      batchSize: 2,
      signal: controller.signal,
      onBatch: (partial) => partial.embedded >= 2 && controller.abort(),
    });
    expect(run.error?.code).toBe('cancelled');
    expect(run.embedded).toBe(2);
    expect(Array.from(run.present)).toEqual([1, 1, 0, 0, 0]);
    expect(await store.countVectors()).toBe(2);
  });
});
