import type { Job, ModelKey, RecordProblem } from '../core/jobs/job';
import { formatProblem } from '../core/jobs/parse';
import { jobText } from '../core/jobs/text';
import { userError } from '../core/user-error';
import { dimOf, modelSpec, type ModelSpec } from '../core/models';
import { row } from '../core/vectors';
import { loadEmbedder, type Embedder } from '../embedding/engine';
import { nodeEnvironment } from '../embedding/node-environment';
import { DEFAULT_HUB_URL, type Device, type EngineInfo, type LoadProgress, type ModelDtype } from '../embedding/types';
import { describeIds, groupFailures } from '../supabase/failure-groups';
import type { SyncReport } from '../supabase/sync';
import { writeFileAtomically } from './atomic-write';
import { readExistingOutput, type RefusedVector } from './existing-output';
import { CliFailure, EXIT } from './failure';
import { readJobsInput } from './jobs-input';
import type { EmbedCliOptions } from './options';
import { outputParts } from './output-records';
import { resolveOutputTarget } from './output-target';
import { createProgressView, type MessageStream } from './progress';
import { checkReplaceable } from './replace-policy';
import {
  checkModelFolder,
  downloadedModelPresent,
  ensureDownloadsDir,
  hubFromEnv,
  modelDownloadsDir,
} from './model-downloads';
import { findReusableVectors } from './reuse';
import { connectSupabase, type SupabaseEnv } from './supabase-connection';
import { readSupabaseInput, writeToSupabase } from './supabase-io';

export interface CommandIo {
  stdout: MessageStream;
  stderr: MessageStream;
  /**
   * Where SUPABASE_* settings, HF_ENDPOINT (another hub) and CAREERPILOT_MODELS_DIR (where downloaded models are
   * kept) come from; process.env (with .env loaded) by default.
   */
  env?: SupabaseEnv & Partial<Record<'HF_ENDPOINT' | 'CAREERPILOT_MODELS_DIR' | 'XDG_CACHE_HOME' | 'HOME', string>>;
}

export interface EmbedSummary {
  outputFile: string;
  /** Jobs written to the output file. */
  jobs: number;
  embedded: number;
  reused: number;
  /** Records of the input that could not be used. */
  skipped: number;
  /** Why: every problem the parser found ("record 3, title: ..."), including fields dropped from used records. */
  problems: RecordProblem[];
  seconds: number;
  /** The engine that made the new vectors; undefined when every vector was reused and no model was loaded. */
  engine?: EngineInfo;
}

/** How many skipped records are listed one per line before the rest are only counted. */
const LISTED_PROBLEMS = 20;

const keyOf = (info: Pick<EngineInfo, 'modelId' | 'dtype' | 'maxTokens'>): ModelKey => ({
  modelId: info.modelId,
  dtype: info.dtype,
  maxTokens: info.maxTokens,
});

const sameKey = (a: ModelKey, b: ModelKey) =>
  a.modelId === b.modelId && a.dtype === b.dtype && a.maxTokens === b.maxTokens;

/**
 * `careerpilot-match embed`: reads the jobs, reuses every vector it can (from the input itself or from the
 * output file of an earlier run), embeds the rest with the same engine as the browser, and writes
 * jobs_vectors.json atomically. Messages, the progress bar and the summary go to `io.stderr`.
 * A user's mistake is a CliFailure with its exit code; anything else throws as it is.
 */
export async function runEmbedCommand(options: EmbedCliOptions, io: CommandIo): Promise<EmbedSummary> {
  const started = performance.now();
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const toSupabase = options.storage === 'supabase';
  // Whether the output can be written is known in milliseconds: find out before a Supabase sign-in, before
  // reading rows, and long before the model loads, not after minutes of embedding.
  const target = toSupabase ? null : await resolveOutputTarget(options.outputFile);
  const client =
    options.input === 'supabase' || toSupabase ? await connectSupabase(io.env ?? process.env, toSupabase) : null;

  const input =
    client && options.input === 'supabase'
      ? await readSupabaseInput(client)
      : await readJobsInput(options.inputFile, options.inputFileIsDefault);
  const { jobs, problems } = input;
  const source = options.input === 'supabase' ? 'Supabase' : options.inputFile;
  say(`Read ${count(jobs.length, 'job')} from ${source} (${input.format})${skippedNote(problems)}`);
  reportProblems(problems, say);

  // Vectors of an earlier run are reused from the output file; Supabase itself skips rows already up to date.
  const existing = target ? await readExistingOutput(target, input) : { kind: 'none' as const };
  if (target) {
    checkReplaceable(target, existing, input, options.force, say);
    const kept = input.records.filter((item) => 'text' in item).length;
    if (kept > 0) say(keptUnchangedNote(kept, target.path));
  }
  const previousById = existing.kind === 'vectors' ? existing.byId : new Map<string, Job>();
  if (existing.kind === 'vectors') reportRefusedVectors(existing.refused, jobs, options.outputFile, say);

  // The key the engine will report unless a GPU falls back; checked again once a model is loaded.
  const spec = modelSpec(options.modelId) as ModelSpec;
  const dtype = dtypeFor(options, spec, say);
  let key: ModelKey = { modelId: options.modelId, dtype, maxTokens: spec.maxTokens };
  let reused = await findReusableVectors(jobs, previousById, key);
  const vectors = new Map<string, Float32Array>();
  let engine: EngineInfo | undefined;
  if (reused.size < jobs.length) {
    const embedder = await loadModel({ ...options, dtype }, io, say);
    try {
      // A GPU that fails while embedding is replaced by the CPU, which may change the dtype and so the key:
      // then every new vector is made again under the new key, so none is labelled with a key it was not made by.
      for (let attempt = 0; attempt < 2; attempt++) {
        engine = embedder.info;
        if (!sameKey(keyOf(engine), key)) {
          key = keyOf(engine);
          reused = await findReusableVectors(jobs, previousById, key);
        }
        const toEmbed = jobs.filter((job) => !reused.has(job.id));
        const made = await embedJobs(embedder, toEmbed, options.batchSize, io.stderr);
        toEmbed.forEach((job, index) => vectors.set(job.id, row(made, index, dimOf(key.modelId))));
        if (sameKey(keyOf(embedder.info), key)) break;
        say(`Warning: ${embedder.info.fallbackReason ?? 'the model changed while embedding'}; embedding again.`);
      }
      engine = embedder.info;
    } finally {
      await embedder.dispose();
    }
  } else {
    say(`All ${count(jobs.length, 'vector')} reused; the model was not loaded.`);
  }
  for (const [id, vector] of reused) vectors.set(id, vector);

  let failedWrites: SyncReport['failed'] = [];
  if (client && toSupabase) {
    const progress = createProgressView(io.stderr);
    progress.start(jobs.length);
    const report = await writeToSupabase(
      client,
      jobs,
      (job) => vectors.get(job.id),
      key,
      ({ done, total }) => progress.update({ done, total, rate: 0, eta: 0 }),
    );
    progress.stop();
    say(`Supabase: ${report.written} written, ${report.skipped} already up to date, ${report.failed.length} failed`);
    // One line per reason: a refused key or a row-level security policy fails every row with the same words.
    groupFailures(report.failed).forEach((group) => say(`  ${group.message} (${describeIds(group.ids)})`));
    failedWrites = report.failed;
  } else if (target) {
    const parts = await outputParts(input.records, jobs, (job) => vectors.get(job.id), key);
    await writeFileAtomically(target.path, parts, target.file);
  }

  const summary: EmbedSummary = {
    outputFile: toSupabase ? 'Supabase' : options.outputFile,
    jobs: jobs.length,
    embedded: jobs.length - reused.size,
    reused: reused.size,
    skipped: skippedRecords(jobs, problems),
    problems,
    seconds: (performance.now() - started) / 1000,
    ...(engine ? { engine } : {}),
  };
  say(summaryLine(summary));
  if (failedWrites.length > 0) {
    const code = failedWrites.some((failure) => failure.error.code === 'supabase-key-refused')
      ? 'supabase-key-refused'
      : 'supabase-failed';
    throw new CliFailure(
      EXIT.output,
      userError(code, `${count(failedWrites.length, 'embedding')} could not be written to Supabase.`),
    );
  }
  return summary;
}

function deviceFor(choice: EmbedCliOptions['device']): Device {
  return choice === 'cpu' ? 'cpu' : 'cuda';
}

/**
 * --dtype, except that a model without a parity-checked int8 file (core/models.ts) runs fp32 when --dtype was not
 * given, and is refused int8 when it was: its vectors would not be the ones sentence-transformers makes.
 */
function dtypeFor(options: EmbedCliOptions, spec: ModelSpec, say: (line: string) => void): ModelDtype {
  if (options.dtype !== 'int8' || spec.hasInt8) return options.dtype;
  if (!options.dtypeIsDefault) {
    throw new CliFailure(
      EXIT.usage,
      userError(
        'usage',
        `${spec.name} has no int8 file that keeps parity with sentence-transformers; use --dtype fp32 (or leave --dtype out).`,
        { field: '--dtype' },
      ),
    );
  }
  say(
    `Note: ${spec.name} has no int8 file that keeps parity with sentence-transformers; running fp32 (slower than int8).`,
  );
  return 'fp32';
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000).toLocaleString('en-US')} MB`;

/** One line per tenth of a large file downloaded: enough to see it move without flooding a log. */
function downloadReporter(say: (line: string) => void): (progress: LoadProgress) => void {
  const shown = new Map<string, number>();
  return (progress) => {
    if (progress.status !== 'progress' || progress.total < 5_000_000) return;
    const tenth = Math.floor(progress.progress / 10);
    if ((shown.get(progress.file) ?? -1) >= tenth) return;
    shown.set(progress.file, tenth);
    say(`  ${progress.file}: ${tenth * 10}% of ${megabytes(progress.total)}`);
  };
}

async function loadModel(options: EmbedCliOptions, io: CommandIo, say: (line: string) => void): Promise<Embedder> {
  const env = io.env ?? process.env;
  const spec = modelSpec(options.modelId) as ModelSpec;
  const downloadsDir = modelDownloadsDir(env);
  const download = !spec.bundled && !options.localFolder;
  // Read only when the hub is used: a broken HF_ENDPOINT must not stop a run of the bundled model.
  const hubUrl = download ? hubFromEnv(env) : DEFAULT_HUB_URL;
  if (options.localFolder) await checkModelFolder(options.localFolder, options.dtype);
  if (download && !(await downloadedModelPresent(downloadsDir, spec.id, options.dtype))) {
    await ensureDownloadsDir(downloadsDir);
    say(
      `Downloading ${spec.name} (${options.dtype}, about ${megabytes(spec.approxBytes[options.dtype === 'fp16' ? 'fp16' : 'fp32'])}) ` +
        `from ${hubUrl} into ${downloadsDir}; later runs read it from there.`,
    );
  }
  const embedder = await loadEmbedder(
    {
      modelId: options.modelId,
      device: deviceFor(options.device),
      dtype: options.dtype,
      ...(options.localFolder ? { localFolder: options.localFolder } : {}),
      ...(download ? { allowRemote: true, hubUrl } : {}),
    },
    nodeEnvironment(undefined, downloadsDir),
    download ? downloadReporter(say) : undefined,
  );
  const info = embedder.info;
  const from = options.localFolder ? ` from ${options.localFolder}` : '';
  say(`Model ${info.modelId}${from}: ${info.dtype} on ${info.device}, loaded in ${(info.loadMs / 1000).toFixed(1)} s`);
  if (info.fallbackReason) say(`${options.device === 'auto' ? 'Note' : 'Warning'}: ${info.fallbackReason}`);
  return embedder;
}

async function embedJobs(
  embedder: Embedder,
  jobs: readonly Job[],
  batchSize: number | undefined,
  stderr: MessageStream,
): Promise<Float32Array> {
  const progress = createProgressView(stderr);
  progress.start(jobs.length);
  try {
    // Whole postings, as the app reads them: windows of up to 256 word pieces, pooled into one vector per job.
    const whole = await embedder.embedWindows(
      jobs.map((job) => jobText(job)),
      { ...(batchSize ? { batchSize } : {}), onProgress: (update) => progress.update(update) },
    );
    return whole.vectors;
  } finally {
    progress.stop();
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function skippedRecords(jobs: readonly Job[], problems: readonly RecordProblem[]): number {
  const used = new Set(jobs.map((job) => job.record));
  return new Set(problems.filter((problem) => !used.has(problem.record)).map((problem) => problem.record)).size;
}

/** Records the parser left out still go to the output: say so, since the problem list says "left out". */
function keptUnchangedNote(kept: number, path: string): string {
  const records =
    kept === 1 ? 'the record that could not be used is' : `the ${kept} records that could not be used are`;
  return `Note: ${records} written to ${path} unchanged, without a vector.`;
}

function skippedNote(problems: readonly RecordProblem[]): string {
  return problems.length === 0 ? '' : `; ${count(problems.length, 'problem')}:`;
}

function reportProblems(problems: readonly RecordProblem[], say: (line: string) => void): void {
  problems.slice(0, LISTED_PROBLEMS).forEach((problem) => say(`  ${formatProblem(problem)}`));
  if (problems.length > LISTED_PROBLEMS) say(`  ... and ${problems.length - LISTED_PROBLEMS} more`);
}

/** Vectors of an earlier output that failed the check are embedded again: say which, for jobs still here. */
function reportRefusedVectors(
  refused: readonly RefusedVector[],
  jobs: readonly Job[],
  outputFile: string,
  say: (line: string) => void,
): void {
  const ids = new Set(jobs.map((job) => job.id));
  const relevant = refused.filter((item) => ids.has(item.jobId));
  relevant.slice(0, LISTED_PROBLEMS).forEach(({ problem }) => say(`Note: in ${outputFile}, ${formatProblem(problem)}`));
  if (relevant.length > LISTED_PROBLEMS) say(`  ... and ${relevant.length - LISTED_PROBLEMS} more`);
}

/** "Wrote jobs_vectors.json: 66 jobs, 60 embedded, 6 reused, 1 skipped in 4.2 s (15.7 jobs/s)". */
export function summaryLine(summary: EmbedSummary): string {
  const rate = summary.seconds > 0 ? summary.jobs / summary.seconds : 0;
  return (
    `Wrote ${summary.outputFile}: ${count(summary.jobs, 'job')}, ${summary.embedded} embedded, ` +
    `${summary.reused} reused, ${summary.skipped} skipped in ${summary.seconds.toFixed(1)} s ` +
    `(${rate.toFixed(1)} jobs/s)`
  );
}
