/** Dimensions of an all-MiniLM-L6-v2 sentence vector (the bundled model; others: core/models.ts). */
export const EMBEDDING_DIM = 384;

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: length mismatch ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is all zeros (nothing to compare, not "orthogonal"). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** Returns a unit-length copy of `a` (a zero vector stays zero). */
export function l2Normalize(a: ArrayLike<number>): Float32Array {
  const length = norm(a);
  const out = new Float32Array(a.length);
  if (length === 0) return out;
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) / length;
  return out;
}

/** Row `index` of a flat row-major matrix of `dim`-wide vectors, without copying. */
export function row(matrix: Float32Array, index: number, dim: number): Float32Array {
  return matrix.subarray(index * dim, (index + 1) * dim);
}

/** Splits a flat matrix into its rows as plain arrays (for JSON and structured clone). */
export function toRows(matrix: Float32Array, dim: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < matrix.length / dim; i++) rows.push(Array.from(row(matrix, i, dim)));
  return rows;
}

/**
 * The row of a flat matrix of unit vectors most similar to `vector`, with its similarity (a dot product); null for
 * an empty matrix.
 */
export function closestRow(matrix: Float32Array, vector: Float32Array): { row: number; similarity: number } | null {
  const dim = vector.length;
  let best: { row: number; similarity: number } | null = null;
  for (let index = 0; index < matrix.length / dim; index++) {
    const similarity = dot(vector, row(matrix, index, dim));
    if (!best || similarity > best.similarity) best = { row: index, similarity };
  }
  return best;
}
