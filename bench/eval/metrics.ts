/**
 * Ranking metrics for one profile: `grades[i]` is job i's label (0 not fit, 1 fit, 2 strong fit) and `scores[i]`
 * the system's score (higher ranks first; ties broken by job order, as the app does; NaN ranks last). nDCG uses
 * the grades; the binary metrics count grade 1 and 2 as relevant, like a person's "fit / not fit".
 */
export interface Metrics {
  ndcg10: number;
  ap: number;
  rocAuc: number;
}

export const RELEVANT_GRADE = 1;

const orNegative = (value: number) => (Number.isNaN(value) ? -Infinity : value);

export function rankByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, index) => index).sort(
    (a, b) => orNegative(scores[b] as number) - orNegative(scores[a] as number) || a - b,
  );
}

export function ndcgAt(grades: readonly number[], order: readonly number[], k: number): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = order
    .slice(0, k)
    .reduce((sum, job, position) => sum + gain(grades[job] as number) / Math.log2(position + 2), 0);
  const ideal = [...grades]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, position) => sum + gain(grade) / Math.log2(position + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function averagePrecision(relevant: readonly boolean[], order: readonly number[]): number {
  const total = relevant.filter(Boolean).length;
  if (total === 0) return 0;
  let found = 0;
  let sum = 0;
  order.forEach((job, position) => {
    if (!relevant[job]) return;
    found++;
    sum += found / (position + 1);
  });
  return sum / total;
}

/** The probability that a relevant job scores above an irrelevant one (ties count half). */
export function rocAuc(relevant: readonly boolean[], scores: ArrayLike<number>): number {
  let pairs = 0;
  let wins = 0;
  relevant.forEach((isRelevant, a) => {
    if (!isRelevant) return;
    relevant.forEach((other, b) => {
      if (other) return;
      pairs++;
      const [x, y] = [orNegative(scores[a] as number), orNegative(scores[b] as number)];
      wins += x > y ? 1 : x === y ? 0.5 : 0;
    });
  });
  return pairs === 0 ? 0 : wins / pairs;
}

export function metricsFor(grades: readonly number[], scores: ArrayLike<number>): Metrics {
  const order = rankByScore(scores);
  const relevant = grades.map((grade) => grade >= RELEVANT_GRADE);
  return { ndcg10: ndcgAt(grades, order, 10), ap: averagePrecision(relevant, order), rocAuc: rocAuc(relevant, scores) };
}

export function meanMetrics(all: readonly Metrics[]): Metrics {
  const mean = (pick: (m: Metrics) => number) => all.reduce((sum, m) => sum + pick(m), 0) / Math.max(1, all.length);
  return { ndcg10: mean((m) => m.ndcg10), ap: mean((m) => m.ap), rocAuc: mean((m) => m.rocAuc) };
}
