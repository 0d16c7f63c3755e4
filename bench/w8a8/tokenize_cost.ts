/**
 * What our own tokenising and mean pooling cost next to the model (issue 12 item 5e), in Node:
 * the transformers.js tokenizer (AutoTokenizer, local files only) and src/core/pooling.ts meanPoolNormalized,
 * on job texts of realistic length, against the W8A8 model's own time (onnxruntime-node batch 4 and
 * onnxruntime-web WASM batch 8, 2 threads, via ort_js.mjs) on the same texts.
 *
 *   node_modules/.bin/tsx bench/w8a8/tokenize_cost.ts [--texts 1200] [--rounds 5] [--model /tmp/w8a8/model_w8a8.onnx]
 *        [--json bench/w8a8/results/tokenize_cost.json] [--dump /tmp/w8a8/tokcost_inputs.json [--dump-only]]
 *        [--lengths-only]
 *
 * Texts: jobText (recipe v2) of postings built from public/sample_jobs.json: title, company, location, a
 * description of 4-8 whole sample descriptions (their lines kept), 3-10 requirements; seed 12. Timed, as
 * src/embedding/engine.ts does it:
 *   v1 path (read up to 256): countTokens (encode of each whole text), then per length-sorted batch
 *     tokenizer(batch, {padding, truncation, max_length 256}) + the [SEP] fix, model, meanPoolNormalized;
 *   v2 path (windows): per text encode whole, sentenceSpans, encode every sentence, packWindows; then the
 *     windows go through the v1 path (count again, batch tokenise, model, pool).
 * Each round times every part once, in rotated order; medians over rounds.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { seededRandom } from '../jobs';
import { jobText } from '../../src/core/jobs/text';
import { meanPoolNormalized } from '../../src/core/pooling';
import { packWindows, sentenceSpans, WINDOW_TOKENS } from '../../src/core/windows';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] as string) : dflt;
};
const N = Number(opt('texts', '1200'));
const ROUNDS = Number(opt('rounds', '5'));
const MODEL = opt('model', '/tmp/w8a8/model_w8a8.onnx');
const [DESC_LO, DESC_HI] = opt('descriptions', '4,8').split(',').map(Number) as [number, number];
const MAX = 256;
const DIM = 384;

interface Sample {
  title: string;
  company: string;
  location: string;
  raw: { description: string; requirements: string[] };
}
const samples = JSON.parse(readFileSync(join(repo, 'public', 'sample_jobs.json'), 'utf8')) as Sample[];
const random = seededRandom(12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const reqPool = [...new Set(samples.flatMap((s) => s.raw.requirements))];
const texts = Array.from({ length: N }, () =>
  jobText({
    title: pick(samples).title,
    company: pick(samples).company,
    location: pick(samples).location,
    description: Array.from({ length: between(DESC_LO, DESC_HI) }, () => pick(samples).raw.description).join('\n'),
    requirements: [...new Set(Array.from({ length: between(3, 10) }, () => pick(reqPool)))],
  }),
);

env.localModelPath = join(repo, 'public', 'models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;
const tokenizer = await AutoTokenizer.from_pretrained('Xenova/all-MiniLM-L6-v2');
const sep = BigInt(tokenizer.sep_token_id as number);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const time = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

const countTokens = (xs: readonly string[]) => xs.map((t) => tokenizer.encode(t).length);
const fullCounts = countTokens(texts);

function batchTokenise(xs: readonly string[], counts: number[], batch: number) {
  const order = xs
    .map((_, i) => i)
    .sort((a, b) => Math.min(counts[a] as number, MAX) - Math.min(counts[b] as number, MAX));
  const masks: { mask: BigInt64Array; rows: number; seq: number }[] = [];
  for (let s = 0; s < order.length; s += batch) {
    const idx = order.slice(s, s + batch);
    const enc = tokenizer(
      idx.map((i) => xs[i] as string),
      { padding: true, truncation: true, max_length: MAX },
    );
    const [rows, seq] = enc.input_ids.dims as [number, number];
    idx.forEach((i, r) => {
      if ((counts[i] as number) > MAX) (enc.input_ids.data as BigInt64Array)[r * seq + MAX - 1] = sep;
    });
    masks.push({ mask: enc.attention_mask.data as BigInt64Array, rows, seq });
  }
  return masks;
}

function windowTexts(xs: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of xs) {
    if ((countTokens([text])[0] as number) <= MAX) {
      out.push(text);
      continue;
    }
    const sentences = sentenceSpans(text);
    const counts = countTokens(sentences.map((s) => text.slice(s.start, s.end))).map((c) => Math.max(0, c - 2));
    for (const w of packWindows(text, sentences, counts, WINDOW_TOKENS)) out.push(text.slice(w.start, w.end));
  }
  return out;
}

if (argv.includes('--lengths-only')) {
  const l = [...fullCounts].sort((a, b) => a - b);
  console.log(
    `median ${l[l.length >> 1]} p10 ${l[Math.floor(l.length / 10)]} p90 ${l[Math.floor((9 * l.length) / 10)]}`,
  );
  process.exit(0);
}
const windows = windowTexts(texts);
const windowCounts = countTokens(windows);
const hidden = Float32Array.from({ length: 8 * MAX * DIM }, (_, i) => Math.sin(i * 0.37));
const masks8 = batchTokenise(texts, fullCounts, 8);
const masks4 = batchTokenise(texts, fullCounts, 4);
const wmasks8 = batchTokenise(windows, windowCounts, 8);
const pool = (masks: { mask: BigInt64Array; rows: number; seq: number }[]) => {
  for (const m of masks) meanPoolNormalized(hidden.subarray(0, m.rows * m.seq * DIM), m.mask, m.rows, m.seq, DIM);
};

// the model on the same texts: 32 texts (v1: the first 32, truncated) and 32 windows, ids dumped for ort_js.mjs
const ids = (xs: string[], counts: number[]) =>
  xs.map((t, i) => {
    const e = tokenizer.encode(t) as number[];
    return (counts[i] as number) > MAX ? [...e.slice(0, MAX - 1), Number(sep)] : e;
  });
const dumpV1 = '/tmp/w8a8/tokcost_v1_ids.json';
const dumpV2 = '/tmp/w8a8/tokcost_v2_ids.json';
const sortByLen = (rows: number[][]) => [...rows].sort((a, b) => a.length - b.length);
writeFileSync(dumpV1, JSON.stringify({ ids: sortByLen(ids(texts.slice(0, 32), fullCounts.slice(0, 32))) }));
writeFileSync(dumpV2, JSON.stringify({ ids: sortByLen(ids(windows.slice(0, 32), windowCounts.slice(0, 32))) }));
const dump = opt('dump', '');
if (dump) {
  // every window's ids (for the batching simulation in levers.mjs)
  // per job, the ids of its windows (v2), for the batching simulation in levers.mjs
  let w = 0;
  const perJob = texts.map((t) => {
    const n = windowTexts([t]).length;
    const rows = ids(windows.slice(w, w + n), windowCounts.slice(w, w + n));
    w += n;
    return rows;
  });
  writeFileSync(dump, JSON.stringify({ v1: ids(texts, fullCounts), v2windowsPerJob: perJob }));
  if (argv.includes('--dump-only')) process.exit(0);
}

function modelMsPerText(backend: 'node' | 'wasm', inputs: string, batch: number): number {
  const out = execFileSync(
    'node',
    [
      join(here, 'ort_js.mjs'),
      '--backend',
      backend,
      '--threads',
      '2',
      '--inputs',
      inputs,
      '--batches',
      String(batch),
      '--texts',
      '32',
      '--rounds',
      '1',
      `w8a8=${MODEL}`,
    ],
    { encoding: 'utf8' },
  );
  const line = out.split('\n').find((l) => l.startsWith('{')) as string;
  return 1000 / (JSON.parse(line).wall[String(batch)][0] as number);
}

const parts: Record<string, () => number> = {
  'v1 countTokens (whole texts)': () => time(() => countTokens(texts)),
  'v1 batch tokenise, batch 8': () => time(() => batchTokenise(texts, fullCounts, 8)),
  'v1 batch tokenise, batch 4': () => time(() => batchTokenise(texts, fullCounts, 4)),
  'meanPoolNormalized, batch 8 (v1 batches)': () => time(() => pool(masks8)),
  'meanPoolNormalized, batch 4 (v1 batches)': () => time(() => pool(masks4)),
  'v2 windowing (encode whole + sentences, pack)': () => time(() => windowTexts(texts)),
  'v2 countTokens (windows)': () => time(() => countTokens(windows)),
  'v2 batch tokenise windows, batch 8': () => time(() => batchTokenise(windows, windowCounts, 8)),
  'meanPoolNormalized, batch 8 (v2 windows)': () => time(() => pool(wmasks8)),
  'model node b4, ms/text (v1)': () => modelMsPerText('node', dumpV1, 4),
  'model wasm b8, ms/text (v1)': () => modelMsPerText('wasm', dumpV1, 8),
  'model node b4, ms/window (v2)': () => modelMsPerText('node', dumpV2, 4),
  'model wasm b8, ms/window (v2)': () => modelMsPerText('wasm', dumpV2, 8),
};
const names = Object.keys(parts);
const samplesMs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
const runs = (n: string): number[] => samplesMs[n] ?? [];
for (let r = 0; r < ROUNDS; r++) {
  const k = r % names.length;
  for (const n of [...names.slice(k), ...names.slice(0, k)]) runs(n).push((parts[n] as () => number)());
  console.error(`round ${r + 1}: ` + names.map((n) => `${n} ${(runs(n).at(-1) ?? NaN).toFixed(1)}`).join(' | '));
}
const medians: Record<string, number> = Object.fromEntries(names.map((n) => [n, median(runs(n))]));
const med = (n: string): number => {
  const v = medians[n];
  if (v === undefined) throw new Error(`no part ${n}`);
  return v;
};
const lens = [...fullCounts].sort((a, b) => a - b);
const wl = [...windowCounts].sort((a, b) => a - b);
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
console.log(
  `\n${N} job texts: word pieces (untruncated) median ${q(lens, 0.5)}, p10 ${q(lens, 0.1)}, p90 ${q(lens, 0.9)}, ` +
    `max ${lens.at(-1)}; ${lens.filter((x) => x > MAX).length} over 256; ${windows.length} windows (v2), ` +
    `window word pieces median ${q(wl, 0.5)}, p10 ${q(wl, 0.1)}, p90 ${q(wl, 0.9)}\n`,
);
console.log('| part | ms for all texts (median) | ms per text | per-round ms |');
console.log('| --- | ---: | ---: | --- |');
for (const n of names) {
  const model = n.startsWith('model');
  const per = model ? med(n) : med(n) / N;
  const total = model ? NaN : med(n);
  console.log(
    `| ${n} | ${model ? '-' : total.toFixed(0)} | ${per.toFixed(model ? 1 : 3)} | ${runs(n)
      .map((x) => x.toFixed(model ? 1 : 0))
      .join(', ')} |`,
  );
}
// shares of one text's embedding time
const nw = windows.length / N;
const rows: [string, number, number, number][] = [
  // label, ours (ms/text), model (ms/text)
  [
    'v1, Node b4',
    (med('v1 countTokens (whole texts)') +
      med('v1 batch tokenise, batch 4') +
      med('meanPoolNormalized, batch 4 (v1 batches)')) /
      N,
    med('model node b4, ms/text (v1)'),
    1,
  ],
  [
    'v1, WASM b8',
    (med('v1 countTokens (whole texts)') +
      med('v1 batch tokenise, batch 8') +
      med('meanPoolNormalized, batch 8 (v1 batches)')) /
      N,
    med('model wasm b8, ms/text (v1)'),
    1,
  ],
  [
    'v2 windows, Node b4 (batch-8 tokenising)',
    (med('v2 windowing (encode whole + sentences, pack)') +
      med('v2 countTokens (windows)') +
      med('v2 batch tokenise windows, batch 8') +
      med('meanPoolNormalized, batch 8 (v2 windows)')) /
      N,
    med('model node b4, ms/window (v2)') * nw,
    nw,
  ],
  [
    'v2 windows, WASM b8',
    (med('v2 windowing (encode whole + sentences, pack)') +
      med('v2 countTokens (windows)') +
      med('v2 batch tokenise windows, batch 8') +
      med('meanPoolNormalized, batch 8 (v2 windows)')) /
      N,
    med('model wasm b8, ms/window (v2)') * nw,
    nw,
  ],
];
console.log('\n| path | tokenise + pool, ms per job | model, ms per job | windows per job | tokenise + pool share |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [label, ours, model, w] of rows)
  console.log(
    `| ${label} | ${ours.toFixed(2)} | ${model.toFixed(1)} | ${w.toFixed(2)} | ${((100 * ours) / (ours + model)).toFixed(1)}% |`,
  );
const json = opt('json', '');
if (json)
  writeFileSync(
    json,
    JSON.stringify(
      {
        texts: N,
        rounds: ROUNDS,
        model: MODEL,
        windows: windows.length,
        lengths: {
          median: q(lens, 0.5),
          p10: q(lens, 0.1),
          p90: q(lens, 0.9),
          over256: lens.filter((x) => x > MAX).length,
        },
        windowLengths: { median: q(wl, 0.5), p10: q(wl, 0.1), p90: q(wl, 0.9) },
        medianMs: medians,
        samplesMs,
        shares: rows,
      },
      null,
      1,
    ),
  );
