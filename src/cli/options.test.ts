import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_ID } from '../embedding/types';
import { EXIT } from './failure';
import { parseCommandLine } from './options';
import { packageVersion, runCli } from './run-cli';
import { captureIo, SAMPLE_JOBS_PATH, tempDir } from './test-helpers';

const parse = (...argv: string[]) => parseCommandLine(argv, '1.2.3', captureIo());

describe('careerpilot-match flags', () => {
  it('has the original script defaults plus batch size 32, cpu and int8', () => {
    expect(parse()).toEqual({
      kind: 'embed',
      options: {
        input: 'file',
        inputFile: 'sample_jobs.json',
        inputFileIsDefault: true,
        storage: 'local',
        outputFile: 'jobs_vectors.json',
        modelId: BUNDLED_MODEL_ID,
        device: 'cpu',
        dtype: 'int8',
        dtypeIsDefault: true,
        force: false,
      },
    });
  });

  it('takes the flags with or without the embed subcommand', () => {
    const flags = ['--input', 'file', '--input-file', 'x.csv', '--storage', 'local', '--output-file', 'out.json'];
    const more = ['--batch-size', '8', '--device', 'auto', '--dtype', 'fp32'];
    const expected = {
      kind: 'embed',
      options: expect.objectContaining({
        inputFile: 'x.csv',
        inputFileIsDefault: false,
        outputFile: 'out.json',
        batchSize: 8,
        device: 'auto',
        dtype: 'fp32',
      }),
    };
    expect(parse(...flags, ...more)).toEqual(expected);
    expect(parse('embed', ...flags, ...more)).toEqual(expected);
  });

  it('--force is off unless given; --input-file given by name is not the default even when it names it', () => {
    expect(parse('--force')).toMatchObject({ options: { force: true, inputFileIsDefault: true } });
    expect(parse('--input-file', 'sample_jobs.json')).toMatchObject({
      options: { force: false, inputFileIsDefault: false },
    });
  });

  it.each(['all-MiniLM-L6-v2', 'sentence-transformers/all-MiniLM-L6-v2', 'Xenova/all-MiniLM-L6-v2'])(
    'accepts %s as the bundled model',
    (name) => {
      expect(parse('--model', name)).toMatchObject({ options: { modelId: BUNDLED_MODEL_ID } });
    },
  );

  it.each([
    ['all-MiniLM-L12-v2', 'Xenova/all-MiniLM-L12-v2'],
    ['sentence-transformers/all-mpnet-base-v2', 'Xenova/all-mpnet-base-v2'],
    ['Paraphrase-Multilingual-MiniLM-L12-v2', 'Xenova/paraphrase-multilingual-MiniLM-L12-v2'],
  ])('accepts %s as %s, to be downloaded', (name, id) => {
    const parsed = parse('--model', name);
    expect(parsed).toMatchObject({ options: { modelId: id } });
    expect(parsed.kind === 'embed' && parsed.options.localFolder).toBeFalsy();
  });

  it('takes a folder holding one of the models, named by its config.json', () => {
    const folder = tempDir();
    writeFileSync(
      join(folder, 'config.json'),
      JSON.stringify({ _name_or_path: 'sentence-transformers/all-mpnet-base-v2' }),
    );
    expect(parse('--model', folder)).toMatchObject({
      options: { modelId: 'Xenova/all-mpnet-base-v2', localFolder: folder },
    });
  });

  it('takes a hub-cache folder named models--org--name when its config does not say', () => {
    const folder = join(tempDir(), 'models--Xenova--all-MiniLM-L12-v2');
    mkdirSync(folder);
    writeFileSync(join(folder, 'config.json'), '{}');
    expect(parse('--model', folder)).toMatchObject({ options: { modelId: 'Xenova/all-MiniLM-L12-v2' } });
  });

  it('refuses a folder of another model, and a folder without config.json, naming the folder', async () => {
    const other = tempDir();
    writeFileSync(join(other, 'config.json'), JSON.stringify({ _name_or_path: 'bert-base-uncased' }));
    const empty = tempDir();
    for (const [folder, message] of [
      [other, /holds a model that is not one CareerPilot Match runs/],
      [empty, /has no readable config.json/],
    ] as const) {
      const io = captureIo();
      expect(await runCli(['--model', folder], io)).toBe(EXIT.usage);
      expect(io.err()).toMatch(message);
      expect(io.err()).toContain(folder);
    }
  });

  it('--help lists every flag on stdout and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    for (const flag of [
      '--input <source>',
      '--input-file <path>',
      '--storage <target>',
      '--output-file <path>',
      '--model <name>',
      '--batch-size <n>',
      '--device <device>',
      '--dtype <dtype>',
      '--force',
      '--version',
      '--help',
    ]) {
      expect(io.out()).toContain(flag);
    }
    expect(io.out()).toContain('Exit codes');
  });

  it('--version prints the version from package.json', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(EXIT.ok);
    expect(io.out().trim()).toBe(packageVersion());
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['--no-such-flag'], /unknown option '--no-such-flag'/],
    [['--input', 'database'], /Allowed choices are file, supabase/],
    [['--storage', 'cloud'], /Allowed choices are local, supabase/],
    [['--device', 'tpu'], /Allowed choices are cpu, cuda, auto/],
    [['--dtype', 'int4'], /Allowed choices are int8, fp16, fp32/],
    [['--batch-size', '0'], /whole number from 1 to 1024/],
    [['--batch-size', 'many'], /whole number from 1 to 1024/],
    [
      ['--model', 'bert-base-uncased'],
      /bert-base-uncased is not a model CareerPilot Match runs\. Choose one of all-MiniLM-L6-v2 \(bundled\), all-MiniLM-L12-v2, all-mpnet-base-v2, paraphrase-multilingual-MiniLM-L12-v2/,
    ],
    [['--model', './no/such/folder'], /no\/such\/folder is not a folder/],
    [['--input-file'], /argument missing/],
    [['search'], /Allowed choices are embed/],
    [['embed', 'extra'], /too many arguments/],
  ])('%j is a usage error: exit 2 with a message on stderr', async (argv, message) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(message);
    expect(io.err()).toContain('--help');
    expect(io.out()).toBe('');
  });

  it.each([[['--input', 'supabase']], [['--storage', 'supabase']]])(
    '%j without SUPABASE_URL: exit 2 and says what to set',
    async (argv) => {
      const io = { ...captureIo(), env: {} };
      expect(await runCli(argv, io)).toBe(EXIT.usage);
      expect(io.err()).toContain('SUPABASE_URL is not set');
    },
  );
});

describe('careerpilot-match file errors (before any model is loaded)', () => {
  it('a missing input file: exit 3, naming the file', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no-such-jobs.json');
    const io = captureIo();
    expect(await runCli(['--input-file', missing, '--output-file', join(dir, 'out.json')], io)).toBe(EXIT.input);
    expect(io.err()).toContain(missing);
    expect(io.err()).toContain('ENOENT');
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('a malformed input file: exit 3 with the parse error', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, '[{"title": "A",}]');
    const io = captureIo();
    expect(await runCli(['--input-file', bad, '--output-file', join(dir, 'out.json')], io)).toBe(EXIT.input);
    expect(io.err()).toContain(bad);
    expect(io.err()).toContain('not valid JSON');
  });

  it('an output file in a folder that does not exist: exit 4, naming the path, no temp file', async () => {
    const dir = tempDir();
    const output = join(dir, 'missing-folder', 'out.json');
    const io = captureIo();
    expect(await runCli(['--input-file', SAMPLE_JOBS_PATH, '--output-file', output], io)).toBe(EXIT.output);
    expect(io.err()).toContain(output);
    expect(io.err()).toContain('ENOENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an output path where a directory is: exit 4, no temp file', async () => {
    const dir = tempDir();
    const output = join(dir, 'out.json');
    mkdirSync(output);
    const io = captureIo();
    expect(await runCli(['--input-file', SAMPLE_JOBS_PATH, '--output-file', output], io)).toBe(EXIT.output);
    expect(io.err()).toContain(`${output}: it is a directory`);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});
