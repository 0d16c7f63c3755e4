import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BUNDLED_MODEL_ID, type ModelDtype } from '../embedding/types';
import { userError } from '../core/user-error';
import { CliFailure, EXIT } from './failure';
import { modelList, parseModelChoice, type ModelChoice } from './model-choice';

export type DeviceChoice = 'cpu' | 'cuda' | 'auto';

/** What to do, from the command line; the flags and defaults of the original embeddings_local.py plus a few. */
export interface EmbedCliOptions {
  input: 'file' | 'supabase';
  inputFile: string;
  /** True when --input-file was not given: a missing default file then gets directions to the demo file. */
  inputFileIsDefault: boolean;
  storage: 'local' | 'supabase';
  outputFile: string;
  /** The model's id (`Xenova/...`, core/models.ts): the id in every key and export. */
  modelId: string;
  /** Absolute path of a folder holding the model, when --model gave one; else the bundle or the hub. */
  localFolder?: string;
  /** Unset: the engine's default for the device (4 on the CPU, 32 on CUDA). */
  batchSize?: number;
  device: DeviceChoice;
  dtype: ModelDtype;
  /** True when --dtype was not given: a model without a parity-checked int8 file then runs fp32 instead. */
  dtypeIsDefault: boolean;
  /** Replace an --output-file that is not a jobs_vectors.json (see checkReplaceable). */
  force: boolean;
}

export type ParsedCommandLine = { kind: 'embed'; options: EmbedCliOptions } | { kind: 'done'; exitCode: number };

export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const PROGRAM_NAME = 'careerpilot-match';

const MAX_BATCH_SIZE = 1024;

function parseBatchSize(value: string): number {
  const size = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
    throw new InvalidArgumentError(`Must be a whole number from 1 to ${MAX_BATCH_SIZE}.`);
  }
  return size;
}

/** The commander program: every flag, its default and its help text. Built fresh for each parse. */
export function buildProgram(version: string, streams: OutputStreams): Command {
  return new Command(PROGRAM_NAME)
    .description(
      'Embed job postings with all-MiniLM-L6-v2 (or another model, --model) on this machine and write jobs_vectors.json ' +
        '(the flags of the original embeddings_local.py). Vectors already in the output file or the input are reused.',
    )
    .addArgument(new Argument('[command]', 'what to do').choices(['embed']).default('embed'))
    .addOption(new Option('--input <source>', 'where the jobs come from').choices(['file', 'supabase']).default('file'))
    .addOption(
      new Option('--input-file <path>', 'jobs file: JSON array, {"jobs": [...]}, JSON Lines or CSV').default(
        'sample_jobs.json',
      ),
    )
    .addOption(new Option('--storage <target>', 'where the vectors go').choices(['local', 'supabase']).default('local'))
    .addOption(new Option('--output-file <path>', 'jobs_vectors.json to write').default('jobs_vectors.json'))
    .addOption(
      new Option(
        '--force',
        'replace an --output-file that is not a jobs_vectors.json, or the input file where a JSON list would ' +
          'lose its format (CSV, JSON Lines) or top-level keys; without it such a file is left unchanged',
      ),
    )
    .addOption(
      new Option(
        '--model <name>',
        `model: ${modelList()}; the others are downloaded once from the Hugging Face hub ` +
          '(HF_ENDPOINT sets another hub; CAREERPILOT_MODELS_DIR where they are kept), or the path of a folder holding one',
      )
        .default({ modelId: BUNDLED_MODEL_ID }, 'all-MiniLM-L6-v2')
        .argParser((value: string) => parseModelChoice(value)),
    )
    .addOption(
      new Option(
        '--batch-size <n>',
        'texts per model call (default: 4 on the CPU, 32 on CUDA: fastest measured)',
      ).argParser(parseBatchSize),
    )
    .addOption(
      new Option('--device <device>', 'cpu, cuda, or auto (cuda if it loads, else cpu)')
        .choices(['cpu', 'cuda', 'auto'])
        .default('cpu'),
    )
    .addOption(
      new Option(
        '--dtype <dtype>',
        'model: int8 (int8 arithmetic, the fastest on a CPU) gives the vectors the browser gives on WASM; ' +
          'models without a parity-checked int8 file run fp32 unless told otherwise',
      )
        .choices(['int8', 'fp16', 'fp32'])
        .default('int8'),
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      `
Examples:
  ${PROGRAM_NAME} embed --input-file sample_jobs.json --output-file jobs_vectors.json
  ${PROGRAM_NAME} --input file --input-file sample_jobs.json --storage local
  ${PROGRAM_NAME} --input-file public/sample_jobs.json    (the demo jobs, from the repository's root)
  ${PROGRAM_NAME} --model all-mpnet-base-v2 --output-file jobs_vectors_mpnet.json   (downloads it once)
  ${PROGRAM_NAME} --model ./models/paraphrase-multilingual-MiniLM-L12-v2   (a folder you downloaded)

Records that cannot be used are written back unchanged, without a vector, where they stood.

Exit codes: 0 done, 1 other failure (model, embedding), 2 bad flags or usage,
3 input file missing, unreadable or unusable, 4 output file not writable, or not a
jobs_vectors.json and no --force.`,
    )
    .showHelpAfterError(`(run ${PROGRAM_NAME} --help to see the flags)`)
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    })
    .exitOverride();
}

/**
 * Reads the command line (without `node` and the script): `careerpilot-match [embed] [flags]`. Help and
 * version are printed here and end the run with 0; a bad flag is printed with a hint and ends it with 2.
 */
export function parseCommandLine(argv: readonly string[], version: string, streams: OutputStreams): ParsedCommandLine {
  const program = buildProgram(version, streams);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { kind: 'done', exitCode: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
    throw error;
  }
  const flags = program.opts<{
    input: 'file' | 'supabase';
    inputFile: string;
    storage: 'local' | 'supabase';
    outputFile: string;
    model: ModelChoice;
    batchSize?: number;
    device: DeviceChoice;
    dtype: ModelDtype;
    force?: boolean;
  }>();
  for (const [flag, value] of [
    ['--input-file', flags.inputFile],
    ['--output-file', flags.outputFile],
  ] as const) {
    if (value.trim() === '') {
      throw new CliFailure(EXIT.usage, userError('usage', `${flag} needs a file path.`, { field: flag }));
    }
  }
  return {
    kind: 'embed',
    options: {
      input: flags.input,
      inputFile: flags.inputFile,
      inputFileIsDefault: program.getOptionValueSource('inputFile') === 'default',
      storage: flags.storage,
      outputFile: flags.outputFile,
      modelId: flags.model.modelId,
      ...(flags.model.localFolder ? { localFolder: flags.model.localFolder } : {}),
      ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
      device: flags.device,
      dtype: flags.dtype,
      dtypeIsDefault: program.getOptionValueSource('dtype') === 'default',
      force: flags.force === true,
    },
  };
}
