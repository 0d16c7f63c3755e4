import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from '../../test/hub-mirror/server';
import { closedPort } from '../../test/hub-mirror/closed-port';
import { cosine, norm, row } from '../core/vectors';
import { modelSpec, type ModelSpec } from '../core/models';
import { fallbackRequest, loadEmbedder, type Embedder, type EngineEnvironment } from './engine';
import { nodeEnvironment } from './node-environment';
import { EmbedderFailure } from './types';

/**
 * The three downloadable models, played by tiny randomly initialised stand-ins of the same architectures,
 * tokenizers and sizes (scripts/make_tiny_hub_models.py), served in the hub's URL layout by a local mirror. The
 * reference vectors come from sentence-transformers on the same tiny weights: they check tokenising, truncation,
 * pooling and dimensions, not the real weights (README, "Other models").
 */
interface Reference {
  modelId: string;
  maxTokens: number;
  dim: number;
  texts: string[];
  vectors: number[][];
  tokenCounts: number[];
}

const references = (
  JSON.parse(readFileSync(join(DEFAULT_HUB_MIRROR_ROOT, 'reference.json'), 'utf8')) as { models: Reference[] }
).models;

let mirror: HubMirror;
let downloads: string;
const loaded = new Map<string, Embedder>();

async function load(modelId: string, hubUrl = mirror.url, dir = downloads): Promise<Embedder> {
  return loadEmbedder(
    { modelId, device: 'cpu', dtype: 'fp32', allowRemote: true, hubUrl },
    nodeEnvironment(undefined, dir),
  );
}

beforeAll(async () => {
  mirror = await startHubMirror();
  downloads = await mkdtemp(join(tmpdir(), 'careerpilot-downloads-'));
}, 60_000);

afterAll(async () => {
  for (const embedder of loaded.values()) await embedder.dispose();
  await mirror?.close();
});

describe.each(references.map((reference) => [reference.modelId, reference] as const))(
  '%s from the hub',
  (modelId, reference) => {
    const spec = modelSpec(modelId) as ModelSpec;

    beforeAll(async () => {
      loaded.set(modelId, await load(modelId));
    }, 60_000);

    it('downloads the files into the downloads folder and reports the model as the catalogue describes it', async () => {
      const embedder = loaded.get(modelId) as Embedder;
      expect(embedder.info).toMatchObject({ modelId, dim: spec.dim, maxTokens: spec.maxTokens, dtype: 'fp32' });
      expect(reference.dim).toBe(spec.dim);
      expect(reference.maxTokens).toBe(spec.maxTokens);
      expect((await readdir(join(downloads, modelId, 'onnx'))).sort()).toEqual(['model.onnx']);
      const fetched = mirror.requests.filter((request) => request.path.startsWith(`/${modelId}/resolve/main/`));
      expect(fetched.map((request) => request.path.split('/resolve/main/')[1])).toEqual(
        expect.arrayContaining(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']),
      );
    });

    it('counts word pieces as its tokenizer does in Python', () => {
      const embedder = loaded.get(modelId) as Embedder;
      expect(embedder.countTokens(reference.texts)).toEqual(reference.tokenCounts);
    });

    it('gives the vectors sentence-transformers gives (mean pooling, truncation at max_seq_length, unit length)', async () => {
      const embedder = loaded.get(modelId) as Embedder;
      const vectors = await embedder.embed(reference.texts);
      expect(vectors.length).toBe(reference.texts.length * spec.dim);
      reference.vectors.forEach((expected, index) => {
        const actual = row(vectors, index, spec.dim);
        expect(norm(actual)).toBeCloseTo(1, 5);
        expect(cosine(actual, expected)).toBeGreaterThan(0.9999);
      });
      // The reference set holds a text longer than the model reads: truncation was checked, not only short texts.
      expect(Math.max(...reference.tokenCounts)).toBeGreaterThan(spec.maxTokens);
    });

    it('reads a long text whole, in windows no longer than the model reads', async () => {
      const embedder = loaded.get(modelId) as Embedder;
      const long = reference.texts[reference.tokenCounts.indexOf(Math.max(...reference.tokenCounts))] as string;
      const { windows } = await embedder.embedWindows([long]);
      const count = windows.counts[0] as number;
      expect(count).toBeGreaterThan(1);
      const pieces = Array.from({ length: count }, (_, window) =>
        long.slice(windows.spans[window * 2] as number, windows.spans[window * 2 + 1] as number),
      );
      for (const tokens of embedder.countTokens(pieces)) expect(tokens).toBeLessThanOrEqual(spec.maxTokens);
    });
  },
);

describe('downloaded models', () => {
  it('load again from the downloads folder without asking the hub', async () => {
    const modelId = 'Xenova/all-mpnet-base-v2';
    const again = await load(modelId, `http://127.0.0.1:${await closedPort()}/`);
    try {
      expect(again.info.dim).toBe(768);
      const fresh = await load(modelId);
      const [a, b] = [await again.embed(['Nurse, night shifts']), await fresh.embed(['Nurse, night shifts'])];
      expect(cosine(a, b)).toBeCloseTo(1, 6);
      await fresh.dispose();
    } finally {
      await again.dispose();
    }
  }, 60_000);

  it('that cannot be reached say so in words, naming the model and the hub', async () => {
    const hub = `http://127.0.0.1:${await closedPort()}/`;
    const empty = await mkdtemp(join(tmpdir(), 'careerpilot-downloads-'));
    const failure = await load('Xenova/all-MiniLM-L12-v2', hub, empty).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmbedderFailure);
    expect((failure as EmbedderFailure).error.code).toBe('model-download-failed');
    expect((failure as EmbedderFailure).message).toBe(
      `Could not download all-MiniLM-L12-v2: ${hub} could not be reached (offline, or the address is wrong). Connect and try again; models downloaded before work offline.`,
    );
  });

  it('that arrive broken (a web page served as config.json) are named, not kept, and downloaded again next time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'careerpilot-hub-'));
    const modelId = 'Xenova/all-MiniLM-L12-v2';
    await cp(join(DEFAULT_HUB_MIRROR_ROOT, modelId), join(root, modelId), { recursive: true });
    const config = join(root, modelId, 'config.json');
    const good = await readFile(config);
    await writeFile(config, '<!doctype html><html><body>Sign in to the network</body></html>');
    const portal = await startHubMirror({ root });
    const kept = await mkdtemp(join(tmpdir(), 'careerpilot-downloads-'));
    try {
      const failure = await load(modelId, portal.url, kept).catch((error: unknown) => error);
      expect((failure as EmbedderFailure).error).toMatchObject({
        code: 'model-download-failed',
        where: { file: `${modelId}/config.json` },
      });
      expect((failure as EmbedderFailure).message).toBe(
        `Could not download all-MiniLM-L12-v2: config.json from ${portal.url} is a web page, not the model file (the server answered with HTML). It was not kept; check the hub address and try again.`,
      );
      expect(existsSync(join(kept, modelId, 'config.json'))).toBe(false);

      await writeFile(config, good);
      const fixed = await load(modelId, portal.url, kept);
      expect(fixed.info.dim).toBe(384);
      await fixed.dispose();
    } finally {
      await portal.close();
    }
  }, 60_000);

  it('refuse a model that is not in the list', async () => {
    const failure = await load('Xenova/bert-base-uncased').catch((error: unknown) => error);
    expect((failure as EmbedderFailure).message).toBe(
      'Xenova/bert-base-uncased is not one of the models CareerPilot Match runs.',
    );
  });
});

describe('a load the person did not say yes to', () => {
  const notDownloaded = (asked: string[]): EngineEnvironment => ({
    ...nodeEnvironment(undefined, downloads),
    isDownloaded: async (modelId, hubUrl, dtype) => {
      asked.push(`${modelId} ${hubUrl} ${dtype}`);
      return false;
    },
  });

  it('is refused before a byte is fetched when its files for that dtype are not downloaded', async () => {
    const asked: string[] = [];
    const before = mirror.requests.length;
    const failure = await loadEmbedder(
      { modelId: 'Xenova/all-mpnet-base-v2', device: 'webgpu', dtype: 'fp16', allowRemote: false, hubUrl: mirror.url },
      notDownloaded(asked),
    ).catch((error: unknown) => error);
    expect(asked).toEqual([`Xenova/all-mpnet-base-v2 ${mirror.url} fp16`]);
    expect(mirror.requests.length).toBe(before);
    expect((failure as EmbedderFailure).message).toBe(
      "all-mpnet-base-v2's fp16 files, which WebGPU needs, are not downloaded in this browser, and nothing is downloaded without asking. Use all-MiniLM-L6-v2, then choose all-mpnet-base-v2 again to download them.",
    );
  });

  it('is not asked about for a download the person said yes to, nor for the bundled model', async () => {
    const asked: string[] = [];
    const yes = await loadEmbedder(
      { modelId: 'Xenova/all-MiniLM-L12-v2', device: 'cpu', dtype: 'fp32', allowRemote: true, hubUrl: mirror.url },
      notDownloaded(asked),
    );
    const bundled = await loadEmbedder(
      { modelId: 'Xenova/all-MiniLM-L6-v2', device: 'cpu', dtype: 'int8' },
      notDownloaded(asked),
    );
    expect(asked).toEqual([]);
    await Promise.all([yes.dispose(), bundled.dispose()]);
  }, 60_000);
});

describe('the fallback when a GPU fails', () => {
  const mpnet = modelSpec('Xenova/all-mpnet-base-v2') as ModelSpec;
  const request = { modelId: mpnet.id, device: 'webgpu', dtype: 'fp16', allowRemote: true } as const;

  it('in the browser runs WASM in fp32 and downloads nothing the person was not asked about', () => {
    const runtime = { mjs: '/ort/ort.mjs', wasm: '/ort/ort.wasm' };
    const browserLike = { ...nodeEnvironment(), wasmRuntimes: { cpu: runtime, webgpu: runtime } };
    expect(fallbackRequest(request, browserLike, mpnet)).toMatchObject({
      device: 'wasm',
      dtype: 'fp32',
      allowRemote: false,
    });
  });

  it('in the CLI runs on the CPU and may still download: naming the model with --model was the yes', () => {
    const cli = { ...request, device: 'cuda' } as const;
    expect(fallbackRequest(cli, nodeEnvironment(), mpnet)).toMatchObject({
      device: 'cpu',
      dtype: 'fp32',
      allowRemote: true,
    });
  });
});
