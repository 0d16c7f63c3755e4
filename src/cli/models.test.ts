import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from '../../test/hub-mirror/server';
import { closedPort } from '../../test/hub-mirror/closed-port';
import { norm } from '../core/vectors';
import { EXIT } from './failure';
import { runCli } from './run-cli';
import { captureIo, sampleJobs, tempDir, writeJson, type JobRecord } from './test-helpers';

/**
 * --model with the three downloadable models, played by tiny random stand-ins served in the hub's layout by a local
 * mirror (HF_ENDPOINT), as a person runs them: downloaded once, kept, keyed by model, never mixed.
 */
let mirror: HubMirror;
const jobs = sampleJobs(3);

beforeAll(async () => {
  mirror = await startHubMirror();
});
afterAll(async () => {
  await mirror?.close();
});

const mkdirp = (folder: string) => {
  mkdirSync(folder, { recursive: true });
  return folder;
};

const readOutput = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as JobRecord[];

function setup(hubUrl = mirror.url) {
  const dir = tempDir();
  const modelsDir = join(dir, 'models');
  const input = writeJson(join(dir, 'jobs.json'), jobs);
  const output = join(dir, 'jobs_vectors.json');
  const io = () => ({ ...captureIo(), env: { HF_ENDPOINT: hubUrl, CAREERPILOT_MODELS_DIR: modelsDir } });
  return { dir, modelsDir, input, output, io };
}

describe('careerpilot-match --model', () => {
  it('downloads all-mpnet-base-v2 once, says so, runs it fp32 and writes 768-number vectors named by model', async () => {
    const { modelsDir, input, output, io } = setup();
    const first = io();
    expect(
      await runCli(
        ['--model', 'sentence-transformers/all-mpnet-base-v2', '--input-file', input, '--output-file', output],
        first,
      ),
    ).toBe(EXIT.ok);
    expect(first.err()).toContain(
      `Note: all-mpnet-base-v2 has no int8 file that keeps parity with sentence-transformers; running fp32 (slower than int8).`,
    );
    expect(first.err()).toContain(
      `Downloading all-mpnet-base-v2 (fp32, about 439 MB) from ${mirror.url} into ${modelsDir}`,
    );
    expect(first.err()).toContain('Model Xenova/all-mpnet-base-v2: fp32 on cpu');
    expect(existsSync(join(modelsDir, 'Xenova/all-mpnet-base-v2/onnx/model.onnx'))).toBe(true);
    for (const record of readOutput(output)) {
      expect(record.raw.embedding).toHaveLength(768);
      expect(norm(record.raw.embedding as number[])).toBeCloseTo(1, 4);
      expect(record.raw.embedding_model).toBe('Xenova/all-mpnet-base-v2|fp32|384|text-v2');
    }

    // A second run of another input with the same model reads the downloaded copy: no hub needed.
    const offline = setup(`http://127.0.0.1:${await closedPort()}/`);
    const second = {
      ...captureIo(),
      env: { HF_ENDPOINT: offline.io().env.HF_ENDPOINT, CAREERPILOT_MODELS_DIR: modelsDir },
    };
    expect(
      await runCli(
        ['--model', 'all-mpnet-base-v2', '--input-file', offline.input, '--output-file', offline.output],
        second,
      ),
    ).toBe(EXIT.ok);
    expect(second.err()).not.toContain('Downloading');
    expect(readOutput(offline.output)[0]?.raw.embedding).toEqual(readOutput(output)[0]?.raw.embedding);
  });

  it('never reuses another model’s vectors: an L6 output embedded again with L12 holds only L12 vectors', async () => {
    const { input, output, io } = setup();
    expect(await runCli(['--input-file', input, '--output-file', output], io())).toBe(EXIT.ok);
    expect(readOutput(output)[0]?.raw.embedding_model).toBe('Xenova/all-MiniLM-L6-v2|int8|256|text-v2');
    const l12 = io();
    expect(await runCli(['--model', 'all-MiniLM-L12-v2', '--input-file', output, '--output-file', output], l12)).toBe(
      EXIT.ok,
    );
    expect(l12.err()).toMatch(/3 jobs, 3 embedded, 0 reused/);
    for (const record of readOutput(output)) {
      expect(record.raw.embedding_model).toBe('Xenova/all-MiniLM-L12-v2|fp32|128|text-v2');
      expect(record.raw.embedding).toHaveLength(384);
    }
    // Run again with L12: everything is reused, the model is not even loaded.
    const again = io();
    expect(await runCli(['--model', 'all-MiniLM-L12-v2', '--input-file', output, '--output-file', output], again)).toBe(
      EXIT.ok,
    );
    expect(again.err()).toContain('All 3 vectors reused; the model was not loaded.');
  });

  it('reads a model from a local folder without the hub, keyed by the model it holds', async () => {
    const { input, output, io } = setup(`http://127.0.0.1:${await closedPort()}/`);
    const folder = resolve(DEFAULT_HUB_MIRROR_ROOT, 'Xenova/paraphrase-multilingual-MiniLM-L12-v2');
    const run = io();
    expect(await runCli(['--model', folder, '--input-file', input, '--output-file', output], run)).toBe(EXIT.ok);
    expect(run.err()).toContain(`Model Xenova/paraphrase-multilingual-MiniLM-L12-v2 from ${folder}: fp32 on cpu`);
    expect(run.err()).not.toContain('Downloading');
    expect(readOutput(output)[0]?.raw.embedding_model).toBe(
      'Xenova/paraphrase-multilingual-MiniLM-L12-v2|fp32|128|text-v2',
    );
  });

  it('offline, fails with a message naming the model and the hub, and writes nothing', async () => {
    const hub = `http://127.0.0.1:${await closedPort()}/`;
    const { dir, input, output, io } = setup(hub);
    const run = io();
    expect(await runCli(['--model', 'all-MiniLM-L12-v2', '--input-file', input, '--output-file', output], run)).toBe(
      EXIT.failure,
    );
    expect(run.err()).toContain(
      `careerpilot-match: error: Could not download all-MiniLM-L12-v2: ${hub} could not be reached (offline, or the address is wrong).`,
    );
    expect(existsSync(output)).toBe(false);
    expect(readFileSync(input, 'utf8')).toBe(JSON.stringify(jobs, null, 2));
    expect(existsSync(join(dir, 'models', 'Xenova/all-MiniLM-L12-v2/onnx/model.onnx'))).toBe(false);
  });

  it('names the file a model folder lacks, and loads nothing', async () => {
    const { dir, input, output, io } = setup();
    const folder = join(dir, 'all-MiniLM-L12-v2');
    const source = resolve(DEFAULT_HUB_MIRROR_ROOT, 'Xenova/all-MiniLM-L12-v2');
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
      writeFileSync(join(mkdirp(folder), file), readFileSync(join(source, file)));
    const run = io();
    expect(await runCli(['--model', folder, '--input-file', input, '--output-file', output], run)).toBe(EXIT.usage);
    expect(run.err()).toContain(
      `careerpilot-match: error: ${folder} has no onnx/model.onnx (the fp32 model): a model folder in transformers.js layout holds config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx.`,
    );
    expect(existsSync(output)).toBe(false);
  });

  it('refuses an HF_ENDPOINT that is not a web address, and a downloads folder that cannot be made, before any download', async () => {
    const { dir, input, output } = setup();
    const args = ['--model', 'all-MiniLM-L12-v2', '--input-file', input, '--output-file', output];
    const asked = mirror.requests.length;
    const badHub = { ...captureIo(), env: { HF_ENDPOINT: 'hf-mirror', CAREERPILOT_MODELS_DIR: join(dir, 'models') } };
    expect(await runCli(args, badHub)).toBe(EXIT.usage);
    expect(badHub.err()).toContain(
      'HF_ENDPOINT is "hf-mirror", not a web address (http:// or https://): set it to the hub or a mirror with its layout, or unset it to download from https://huggingface.co/.',
    );
    // A file where the folder should be: the folder cannot be made under it.
    const blocked = join(input, 'models');
    const badDir = { ...captureIo(), env: { HF_ENDPOINT: mirror.url, CAREERPILOT_MODELS_DIR: blocked } };
    expect(await runCli(args, badDir)).toBe(EXIT.usage);
    expect(badDir.err()).toContain(`Cannot keep downloaded models in ${blocked} (ENOTDIR`);
    expect(badDir.err()).toContain('set CAREERPILOT_MODELS_DIR to a folder you can write.');
    expect(mirror.requests.length).toBe(asked);
    // The bundled model never reads HF_ENDPOINT: a broken one does not stop it.
    const bundled = { ...captureIo(), env: { HF_ENDPOINT: 'hf-mirror' } };
    expect(await runCli(['--input-file', input, '--output-file', output], bundled)).toBe(EXIT.ok);
  });

  it('refuses --dtype int8 for a model without a parity-checked int8 file, before the model loads', async () => {
    const { input, output, io } = setup();
    const run = io();
    expect(
      await runCli(
        ['--model', 'all-mpnet-base-v2', '--dtype', 'int8', '--input-file', input, '--output-file', output],
        run,
      ),
    ).toBe(EXIT.usage);
    expect(run.err()).toContain(
      'all-mpnet-base-v2 has no int8 file that keeps parity with sentence-transformers; use --dtype fp32 (or leave --dtype out).',
    );
    expect(existsSync(output)).toBe(false);
  });
});
