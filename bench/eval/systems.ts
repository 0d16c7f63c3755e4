import { jobText } from '../../src/core/jobs/text';
import { BUNDLED_MODEL } from '../../src/core/models';
import { calibrationFor } from '../../src/core/rank/calibration';
import { reciprocalRankFusion } from '../../src/core/rank/fusion';
import { KeywordIndex } from '../../src/core/rank/keyword-index';
import { packChunks, splitPassages } from '../../src/core/rank/profile-chunks';
import { judgeRequirement, requirementCoverage } from '../../src/core/rank/requirement-evidence';
import { extractRequirements } from '../../src/core/rank/requirement-extract';
import { profileTerms } from '../../src/core/rank/requirements';
import { closestRow, row } from '../../src/core/vectors';
import { poolWindows, windowOffsets } from '../../src/core/windows';
import type { Embedder } from '../../src/embedding/engine';
import type { DevSet } from './dataset';

type Matrix = Float32Array;

/** Everything the systems below rank with, computed once: scores[profile][job]. */
export interface Signals {
  jobTokenCounts: number[];
  jobWindowCounts: number[];
  original: Float32Array[];
  todayBestChunk: Float32Array[];
  wholeMeanProfile: Float32Array[];
  wholeBestChunk: Float32Array[];
  wholeMaxWindow: Float32Array[];
  keyword: Float32Array[];
  requirements: Float32Array[];
  requirementsLexical: Float32Array[];
  requirementsSemantic: Float32Array[];
  /** Every requirement's similarity to its closest passage, by whether the job is a fit (grade >= 1) or not. */
  requirementSimilarities: { fit: number[]; notFit: number[] };
}

/** Row products for one model's vectors: `dim` numbers each (384, or 768 for all-mpnet-base-v2). */
function rowMath(dim: number) {
  const dotRows = (a: Matrix, i: number, b: Matrix, j: number) => {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += (a[i * dim + d] as number) * (b[j * dim + d] as number);
    return sum;
  };
  const rowsOf = (matrix: Matrix) => matrix.length / dim;
  /** Best over the rows of `a` of the similarity to row j of `b`. */
  const bestOf = (a: Matrix, b: Matrix, j: number) => {
    let best = -Infinity;
    for (let i = 0; i < rowsOf(a); i++) best = Math.max(best, dotRows(a, i, b, j));
    return best;
  };
  return { dotRows, rowsOf, bestOf };
}

/** Profile passages packed into chunks the model reads whole (its limit less [CLS] and [SEP]), as the app does. */
function profileChunks(embedder: Embedder, text: string): string[] {
  const passages = splitPassages(text);
  const counts = embedder.countTokens(passages).map((count) => Math.max(0, count - 2));
  return packChunks(passages, counts, embedder.info.maxTokens - 2);
}

export async function computeSignals(set: DevSet, embedder: Embedder): Promise<Signals> {
  const { dim } = embedder.info;
  // A model without a calibration yet is evaluated with the bundled model's thresholds, to find its own.
  const thresholds = (calibrationFor(embedder.info.modelId) ?? calibrationFor(BUNDLED_MODEL.id))?.requirements ?? null;
  const { dotRows, rowsOf, bestOf } = rowMath(dim);
  const texts = set.jobs.map((job) => jobText(job));
  const truncated = await embedder.embed(texts);
  const whole = await embedder.embedWindows(texts);
  const offsets = windowOffsets(whole.windows.counts);
  const keywordIndex = new KeywordIndex();
  keywordIndex.add(set.jobs.map((job, index) => ({ title: job.title, body: texts[index] as string })));
  const jobRequirements = set.jobs.map((job) => extractRequirements(job));
  const requirementTexts = [...new Set(jobRequirements.flat().map((requirement) => requirement.text))];
  const requirementVectors = await embedder.embed(requirementTexts);
  const requirementRow = new Map(requirementTexts.map((text, index) => [text, index]));

  const signals: Signals = {
    jobTokenCounts: embedder.countTokens(texts),
    jobWindowCounts: [...whole.windows.counts],
    original: [],
    todayBestChunk: [],
    wholeMeanProfile: [],
    wholeBestChunk: [],
    wholeMaxWindow: [],
    keyword: [],
    requirements: [],
    requirementsLexical: [],
    requirementsSemantic: [],
    requirementSimilarities: { fit: [], notFit: [] },
  };
  for (const profile of set.profiles) {
    const single = await embedder.embed([profile.text]);
    const chunks = await embedder.embed(profileChunks(embedder, profile.text));
    const meanChunk = poolWindows(chunks, rowsOf(chunks), dim);
    const passages = splitPassages(profile.text);
    const passageVectors = await embedder.embed(passages);
    const perJob = (score: (job: number) => number) => Float32Array.from(set.jobs, (_, job) => score(job));
    signals.original.push(perJob((job) => dotRows(single, 0, truncated, job)));
    signals.todayBestChunk.push(perJob((job) => bestOf(chunks, truncated, job)));
    signals.wholeMeanProfile.push(perJob((job) => dotRows(meanChunk, 0, whole.vectors, job)));
    signals.wholeBestChunk.push(perJob((job) => bestOf(chunks, whole.vectors, job)));
    signals.wholeMaxWindow.push(
      perJob((job) => {
        let best = -Infinity;
        for (let w = offsets[job] as number; w < (offsets[job + 1] as number); w++)
          best = Math.max(best, bestOf(chunks, whole.windows.vectors, w));
        return best;
      }),
    );
    signals.keyword.push(keywordIndex.search(profile.text));
    const terms = profileTerms(profile.text);
    const profileIndex = signals.keyword.length - 1;
    const closest = (text: string) => {
      const found = closestRow(passageVectors, row(requirementVectors, requirementRow.get(text) as number, dim));
      return { similarity: found?.similarity ?? -1, passage: passages[found?.row ?? -1] ?? '' };
    };
    const judged = set.jobs.map((_, job) =>
      (jobRequirements[job] ?? []).map((requirement) => ({
        requirement,
        closest: closest(requirement.text),
      })),
    );
    judged.forEach((items, job) => {
      const fit = (set.grades[profileIndex]?.[job] ?? 0) >= 1;
      for (const item of items)
        (fit ? signals.requirementSimilarities.fit : signals.requirementSimilarities.notFit).push(
          item.closest.similarity,
        );
    });
    signals.requirements.push(
      perJob((job) =>
        requirementCoverage(
          (judged[job] ?? []).map((item) => judgeRequirement(item.requirement, terms, item.closest, thresholds)),
        ),
      ),
    );
    signals.requirementsLexical.push(
      perJob((job) =>
        requirementCoverage((judged[job] ?? []).map((item) => judgeRequirement(item.requirement, terms, null, null))),
      ),
    );
    signals.requirementsSemantic.push(
      perJob((job) => {
        const items = judged[job] ?? [];
        return items.length === 0
          ? Number.NaN
          : items.reduce((sum, item) => sum + item.closest.similarity, 0) / items.length;
      }),
    );
  }
  return signals;
}

export interface System {
  name: string;
  what: string;
  score: (signals: Signals, profile: number) => Float32Array;
}

const pick = (key: SignalName) => (signals: Signals, profile: number) => signals[key][profile] as Float32Array;

type SignalName = keyof Omit<Signals, 'jobTokenCounts' | 'jobWindowCounts' | 'requirementSimilarities'>;

const rrfWithK =
  (k: number, ...parts: [SignalName, number][]) =>
  (signals: Signals, profile: number) =>
    reciprocalRankFusion(
      parts.map(([key, weight]) => ({ scores: signals[key][profile] as Float32Array, weight })),
      k,
    );

const rrf = (...parts: [SignalName, number][]) => rrfWithK(60, ...parts);

/** Settings tried while choosing the fusion (printed apart from the main table by `npm run eval -- --tuning`). */
export const TUNING: System[] = [
  ...(['wholeBestChunk', 'wholeMeanProfile', 'wholeMaxWindow', 'todayBestChunk'] as const).map((semantic) => ({
    name: `RRF ${semantic}+kw`,
    what: 'k=60, 1:1',
    score: rrf([semantic, 1], ['keyword', 1]),
  })),
  ...[
    [2, 1],
    [1, 2],
    [1, 0.5],
  ].map(([semantic, keyword]) => ({
    name: `RRF sem+kw ${semantic}:${keyword}`,
    what: 'k=60, wholeBestChunk',
    score: rrf(['wholeBestChunk', semantic as number], ['keyword', keyword as number]),
  })),
  ...[10, 30, 100].map((k) => ({
    name: `RRF sem+kw k=${k}`,
    what: '1:1, wholeBestChunk',
    score: rrfWithK(k, ['wholeBestChunk', 1], ['keyword', 1]),
  })),
  ...[0.5, 2].map((weight) => ({
    name: `RRF sem+kw+req req x${weight}`,
    what: 'k=60',
    score: rrf(['wholeBestChunk', 1], ['keyword', 1], ['requirements', weight]),
  })),
  { name: 'req lexical', what: 'requirements met by terms only', score: pick('requirementsLexical') },
  {
    name: 'req semantic',
    what: 'mean similarity of requirements to the closest passage',
    score: pick('requirementsSemantic'),
  },
  {
    name: 'RRF sem+kw+req lexical',
    what: 'k=60, 1:1:1',
    score: rrf(['wholeBestChunk', 1], ['keyword', 1], ['requirementsLexical', 1]),
  },
  {
    name: 'RRF sem+kw+req semantic',
    what: 'k=60, 1:1:1',
    score: rrf(['wholeBestChunk', 1], ['keyword', 1], ['requirementsSemantic', 1]),
  },
  {
    name: 'RRF maxWindow+kw+req',
    what: 'k=60, 1:1:1',
    score: rrf(['wholeMaxWindow', 1], ['keyword', 1], ['requirements', 1]),
  },
];

export const SYSTEMS: System[] = [
  { name: 'original', what: 'first 256 word pieces, one profile vector (the Python script)', score: pick('original') },
  { name: 'app before', what: 'first 256 word pieces, best profile chunk', score: pick('todayBestChunk') },
  { name: 'whole postings', what: 'mean of 256-piece windows, best profile chunk', score: pick('wholeBestChunk') },
  { name: 'whole, mean profile', what: 'mean of windows, mean of profile chunks', score: pick('wholeMeanProfile') },
  { name: 'whole, best window', what: 'best window x best chunk', score: pick('wholeMaxWindow') },
  { name: 'keywords', what: 'BM25 (minisearch) over whole postings, profile as query', score: pick('keyword') },
  {
    name: 'requirements',
    what: 'share of requirements met (terms with synonyms, or a passage that says the same)',
    score: pick('requirements'),
  },
  {
    name: 'RRF sem+kw',
    what: 'whole postings + keywords, RRF k=60',
    score: rrf(['wholeBestChunk', 1], ['keyword', 1]),
  },
  {
    name: 'RRF sem+kw+req',
    what: 'whole postings + keywords + requirements, RRF k=60',
    score: rrf(['wholeBestChunk', 1], ['keyword', 1], ['requirements', 1]),
  },
];
