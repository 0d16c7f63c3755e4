import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE = join(REPO, 'bench', 'reference', 'stsb_dev_reference');

/**
 * The STS-B dev split is read where the team keeps it (never copied into the project): $STSB_DIR, or
 * ../shared/data/stsb beside the checkout. null when neither exists (a clone elsewhere).
 */
export function stsbDevCsv(): string | null {
  const candidates = [process.env.STSB_DIR, join(REPO, '..', 'shared', 'data', 'stsb')].filter((dir): dir is string =>
    Boolean(dir),
  );
  return candidates.map((dir) => join(dir, 'stsb-en-dev.csv')).find((file) => existsSync(file)) ?? null;
}

export interface StsbDev {
  pairs: { first: string; second: string; score: number }[];
  /** Every distinct sentence, with sentence-transformers' vector (bench/reference/make_stsb_reference.py). */
  sentences: string[];
  reference: Float32Array[];
  /** Spearman x100 of the reference vectors' cosines against the human scores. */
  referenceSpearman: number;
}

export function loadStsbDev(csvPath: string): StsbDev {
  const csv = readFileSync(csvPath);
  const meta = JSON.parse(readFileSync(`${REFERENCE}.json`, 'utf8')) as {
    csv_sha256: string;
    dim: number;
    spearman_x100: number;
    sentence_sha256: string[];
  };
  const actual = createHash('sha256').update(csv).digest('hex');
  if (actual !== meta.csv_sha256) throw new Error(`${csvPath} is not the file the reference vectors were made from`);
  const rows = Papa.parse<string[]>(csv.toString('utf8'), { skipEmptyLines: true }).data;
  const pairs = rows.map(([first, second, score]) => ({
    first: first as string,
    second: second as string,
    score: Number(score),
  }));
  const vectors = new Float32Array(new Uint8Array(readFileSync(`${REFERENCE}.f32`)).buffer);
  const rowOf = new Map(meta.sentence_sha256.map((hash, index) => [hash, index]));
  const sentences = [...new Set(pairs.flatMap((pair) => [pair.first, pair.second]))];
  const reference = sentences.map((sentence) => {
    const index = rowOf.get(createHash('sha256').update(sentence, 'utf8').digest('hex'));
    if (index === undefined) throw new Error(`no reference vector for "${sentence}"`);
    return vectors.subarray(index * meta.dim, (index + 1) * meta.dim);
  });
  return { pairs, sentences, reference, referenceSpearman: meta.spearman_x100 };
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((a, b) => (values[a] as number) - (values[b] as number));
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number]) end++;
    for (let k = start; k <= end; k++) result[order[k] as number] = (start + end) / 2;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation (ties share their mean rank), as scipy.stats.spearmanr. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let [cov, va, vb] = [0, 0, 0];
  ra.forEach((x, index) => {
    const y = rb[index] as number;
    cov += (x - ma) * (y - mb);
    va += (x - ma) ** 2;
    vb += (y - mb) ** 2;
  });
  return cov / Math.sqrt(va * vb);
}
