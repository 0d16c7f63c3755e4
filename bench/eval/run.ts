/**
 * `npm run eval`: how well each ranking signal, and their fusion, orders the dev set's postings for each of its
 * profiles (bench/eval/data, labels from bench/eval/dataset.ts), against the original pipeline (the job's text
 * truncated at 256 word pieces, one profile vector). Prints a Markdown table and writes bench/results/eval.json.
 * Settings are chosen on this set only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { jobText } from '../../src/core/jobs/text';
import { loadEmbedder } from '../../src/embedding/engine';
import { nodeEnvironment } from '../../src/embedding/node-environment';
import { BUNDLED_MODEL_ID, type ModelDtype } from '../../src/embedding/types';
import { modelSpec } from '../../src/core/models';
import { loadDevSet } from './dataset';
import { meanMetrics, metricsFor, rankByScore, type Metrics } from './metrics';
import { calibrationFor } from '../../src/core/rank/calibration';
import { calibrateBands } from './score-bands';
import { computeSignals, SYSTEMS, TUNING } from './systems';

const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
// Another model (`--model=Xenova/all-mpnet-base-v2 --model-folder=<transformers.js folder>`, e.g. one exported by
// bench/real-model/export_reference.py) is evaluated in fp32 and its results written beside the bundled model's.
const modelId = flag('model') ?? BUNDLED_MODEL_ID;
const spec = modelSpec(modelId);
if (!spec) throw new Error(`${modelId} is not in src/core/models.ts`);
const folder = flag('model-folder');
const dtype = (flag('dtype') ?? (spec.hasInt8 ? 'int8' : 'fp32')) as ModelDtype;

const set = await loadDevSet();
const embedder = await loadEmbedder(
  { modelId, device: 'cpu', dtype, ...(folder ? { localFolder: folder } : {}) },
  nodeEnvironment(),
);
const started = performance.now();
const signals = await computeSignals(set, embedder);
const embedSeconds = (performance.now() - started) / 1000;

interface Row {
  system: string;
  what: string;
  metrics: Metrics;
  /** Share of each profile's top 5 that is in the profile's own field, averaged. */
  top5InField: number;
}

const tuning = process.argv.includes('--tuning');
const rows: Row[] = (tuning ? [...SYSTEMS, ...TUNING] : SYSTEMS).map((system) => {
  const perProfile = set.profiles.map((_, profile) =>
    metricsFor(set.grades[profile] as number[], system.score(signals, profile)),
  );
  const inField = set.profiles.map((profile, index) => {
    const top = rankByScore(system.score(signals, index)).slice(0, 5);
    return top.filter((job) => set.meta[job]?.field === profile.eval.field).length / 5;
  });
  return {
    system: system.name,
    what: system.what,
    metrics: meanMetrics(perProfile),
    top5InField: inField.reduce((a, b) => a + b, 0) / inField.length,
  };
});

const relevant = set.grades.flat().filter((g) => g >= 1).length;
const windows = signals.jobWindowCounts.reduce((a, b) => a + b, 0);
const tokens = signals.jobTokenCounts;
const sortedTokens = [...tokens].sort((a, b) => a - b);
console.log(
  `Dev set: ${set.jobs.length} postings in ${new Set(set.meta.map((m) => m.field)).size} fields (median ${sortedTokens[Math.floor(tokens.length / 2)]} word pieces, ${tokens.filter((t) => t > 256).length} over 256, ${windows} windows), ${set.profiles.length} profiles, ${relevant} fit pairs of ${set.grades.flat().length}. Model ${modelId} ${dtype}; embedding took ${embedSeconds.toFixed(1)} s.\n`,
);
const format = (value: number) => value.toFixed(3);
console.log('| system | what | nDCG@10 | AP | ROC-AUC | top 5 in field |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.system} | ${row.what} | ${format(row.metrics.ndcg10)} | ${format(row.metrics.ap)} | ${format(row.metrics.rocAuc)} | ${format(row.top5InField)} |`,
  );
}

const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => format(sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN));
};
const { fit, notFit } = signals.requirementSimilarities;
console.log(
  `\nRequirement to closest profile passage, similarity deciles 10/25/50/75/90%: postings that fit ${quantiles(fit).join(' / ')} (${fit.length}); that do not ${quantiles(notFit).join(' / ')} (${notFit.length}).`,
);

const bands = calibrateBands(
  set.profiles.flatMap((_, profile) =>
    set.jobs.map((_job, job) => ({
      similarity: signals.wholeBestChunk[profile]?.[job] as number,
      fit: (set.grades[profile]?.[job] as number) >= 1,
    })),
  ),
);
const shipped = calibrationFor(modelId)?.bands;
const percent = (share: number) => `${Math.round(share * 100)}%`;
console.log(
  `\nScore bands for the page ("by meaning": best profile chunk against the whole posting), from ${set.grades.flat().length} labelled pairs:` +
    `\n  similarity deciles 10/25/50/75/90%: fits ${bands.fitQuantiles.map(format).join(' / ')}; not fits ${bands.notFitQuantiles.map(format).join(' / ')}` +
    `\n  calibrated: strong >= ${format(bands.strong)} (80% of pairs this high are fits), weak < ${format(bands.weak)} (only 10% of fits score lower)` +
    `\n  shipped (src/core/rank/calibration.ts): ${shipped ? `strong >= ${shipped.strong}, weak < ${shipped.fair}` : `none for ${spec.name}`}` +
    `\n  fits: ${percent(bands.shares.fit.strong)} strong, ${percent(bands.shares.fit.fair)} fair, ${percent(bands.shares.fit.weak)} weak; ` +
    `not fits: ${percent(bands.shares.notFit.strong)} strong, ${percent(bands.shares.notFit.fair)} fair, ${percent(bands.shares.notFit.weak)} weak`,
);

const perProfileFinal = set.profiles.map((profile, index) => ({
  profile: profile.id,
  ...metricsFor(set.grades[index] as number[], (SYSTEMS.at(-1) as (typeof SYSTEMS)[number]).score(signals, index)),
}));
console.log('\nFinal ranking per profile:');
const finalSystem = SYSTEMS.at(-1) as (typeof SYSTEMS)[number];
perProfileFinal.forEach((row, index) => {
  const top = rankByScore(finalSystem.score(signals, index))
    .slice(0, 5)
    .map((job) => `${set.jobs[job]?.id}(${set.grades[index]?.[job]})`);
  console.log(
    `  ${row.profile.padEnd(28)} nDCG@10 ${format(row.ndcg10)}  AP ${format(row.ap)}  ROC-AUC ${format(row.rocAuc)}  top 5: ${top.join(' ')}`,
  );
});

/** With --pdf: every profile printed to a two-column PDF and read back by the app's "Upload resume". */
let pdfRows: Row[] | null = null;
if (process.argv.includes('--pdf')) {
  const { readBackThroughPdf } = await import('./pdf-profiles');
  const texts = await readBackThroughPdf(set.profiles.map((profile) => profile.text));
  const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const kept = set.profiles.map((profile, index) => {
    const original = words(profile.text);
    const back = words(texts[index] ?? '');
    return [...original].filter((word) => back.has(word)).length / Math.max(1, original.size);
  });
  const pdfSet = { ...set, profiles: set.profiles.map((profile, index) => ({ ...profile, text: texts[index] ?? '' })) };
  const pdfSignals = await computeSignals(pdfSet, embedder);
  pdfRows = SYSTEMS.map((system) => ({
    system: system.name,
    what: system.what,
    metrics: meanMetrics(
      set.profiles.map((_, profile) => metricsFor(set.grades[profile] as number[], system.score(pdfSignals, profile))),
    ),
    top5InField: 0,
  }));
  console.log(
    `\nProfiles printed to two-column PDFs and read back by "Upload resume": ${format(Math.min(...kept))} to ${format(Math.max(...kept))} of each profile's distinct words kept.`,
  );
  console.log('| system | nDCG@10 | AP | ROC-AUC |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of pdfRows)
    console.log(
      `| ${row.system} | ${format(row.metrics.ndcg10)} | ${format(row.metrics.ap)} | ${format(row.metrics.rocAuc)} |`,
    );
}

const out = new URL('../results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(
  new URL(spec.bundled ? 'eval.json' : `eval-${spec.name}.json`, out),
  `${JSON.stringify({ date: new Date().toISOString(), model: modelId, dtype, bands, jobs: set.jobs.length, profiles: set.profiles.length, textRecipe: jobText.name, rows, perProfileFinal, pdfRows }, null, 1)}\n`,
);
await embedder.dispose();
