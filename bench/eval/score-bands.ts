/**
 * Where a profile-to-posting similarity (the app's "by meaning" score: best profile chunk against the whole
 * posting) stops being a likely fit and starts being one, read off the dev set's labelled pairs.
 */
export interface BandCalibration {
  /** Lowest similarity at which, of the pairs scoring at least this, `strongPrecision` or more are fits. */
  strong: number;
  /** The similarity below which only `weakFitShare` of the fits fall. */
  weak: number;
  fitQuantiles: number[];
  notFitQuantiles: number[];
  /** Share of fit / not-fit pairs in each band, with the thresholds above. */
  shares: { fit: Record<'strong' | 'fair' | 'weak', number>; notFit: Record<'strong' | 'fair' | 'weak', number> };
}

export const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

const quantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;

export function calibrateBands(
  pairs: { similarity: number; fit: boolean }[],
  strongPrecision = 0.8,
  weakFitShare = 0.1,
): BandCalibration {
  const sorted = [...pairs].sort((a, b) => b.similarity - a.similarity);
  let strong = Number.POSITIVE_INFINITY;
  let fits = 0;
  sorted.forEach((pair, index) => {
    if (pair.fit) fits++;
    if (fits / (index + 1) >= strongPrecision) strong = pair.similarity;
  });
  const ascending = (fit: boolean) =>
    pairs
      .filter((pair) => pair.fit === fit)
      .map((pair) => pair.similarity)
      .sort((a, b) => a - b);
  const [fitValues, notFitValues] = [ascending(true), ascending(false)];
  const weak = quantile(fitValues, weakFitShare);
  const band = (similarity: number) => (similarity >= strong ? 'strong' : similarity < weak ? 'weak' : 'fair');
  const shareOf = (fit: boolean) => {
    const group = pairs.filter((pair) => pair.fit === fit);
    const count = (name: string) => group.filter((pair) => band(pair.similarity) === name).length / group.length;
    return { strong: count('strong'), fair: count('fair'), weak: count('weak') };
  };
  return {
    strong,
    weak,
    fitQuantiles: QUANTILES.map((q) => quantile(fitValues, q)),
    notFitQuantiles: QUANTILES.map((q) => quantile(notFitValues, q)),
    shares: { fit: shareOf(true), notFit: shareOf(false) },
  };
}
