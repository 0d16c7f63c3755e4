/** One ranking signal: a score per job (higher is better; NaN = not known yet) and its weight in the fusion. */
export interface Signal {
  scores: Float32Array;
  weight: number;
}

/** The constant of reciprocal rank fusion (Cormack et al. 2009): the usual 60, confirmed on the dev set. */
export const RRF_K = 60;

/**
 * Each job's rank in one signal, 1 = best; jobs with equal scores share the best rank among them, so ties in a
 * signal (two jobs with no keyword in common) favour neither. NaN where the score is NaN.
 */
export function ranksOf(scores: Float32Array): Float32Array {
  // A native numeric sort of the negated scores, then each job's rank is how many scored strictly higher, + 1:
  // 5-10 times faster than sorting job indices with a comparator (the view is rebuilt as vectors arrive).
  let known = 0;
  for (let job = 0; job < scores.length; job++) if (!Number.isNaN(scores[job])) known++;
  const sorted = new Float64Array(known);
  let next = 0;
  for (let job = 0; job < scores.length; job++)
    if (!Number.isNaN(scores[job])) sorted[next++] = -(scores[job] as number);
  sorted.sort();
  const ranks = new Float32Array(scores.length).fill(Number.NaN);
  for (let job = 0; job < scores.length; job++) {
    const score = scores[job] as number;
    if (!Number.isNaN(score)) ranks[job] = countBelow(sorted, -score) + 1;
  }
  return ranks;
}

/** How many values of an ascending array are below `value` (a lower bound). */
function countBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Reciprocal rank fusion: sum over signals of weight / (k + rank). A job that one signal cannot score yet (its
 * vector is still being made) is judged by the signals it has, scaled up to the full weight, so it keeps its
 * place until its vector arrives instead of sinking below every job that has one.
 */
export function reciprocalRankFusion(signals: readonly Signal[], k = RRF_K): Float32Array {
  return fuseRanks(
    signals.map((signal) => ({ ranks: ranksOf(signal.scores), weight: signal.weight })),
    k,
  );
}

/** The same, from ranks already computed (the page shows each job's rank in every signal too). */
export function fuseRanks(signals: readonly { ranks: Float32Array; weight: number }[], k = RRF_K): Float32Array {
  const length = signals[0]?.ranks.length ?? 0;
  const fused = new Float32Array(length);
  const weightSeen = new Float32Array(length);
  let totalWeight = 0;
  for (const { ranks, weight } of signals) {
    if (weight === 0) continue;
    totalWeight += weight;
    for (let job = 0; job < length; job++) {
      const rank = ranks[job] as number;
      if (Number.isNaN(rank)) continue;
      fused[job] = (fused[job] as number) + weight / (k + rank);
      weightSeen[job] = (weightSeen[job] as number) + weight;
    }
  }
  for (let job = 0; job < length; job++) {
    const seen = weightSeen[job] as number;
    fused[job] = seen === 0 ? 0 : ((fused[job] as number) * totalWeight) / seen;
  }
  return fused;
}
