/**
 * sentence-transformers' pooling for all-MiniLM-L6-v2: the mean of the token vectors the attention
 * mask keeps, then L2 normalisation. `hidden` is [batch, sequence, dim] row-major, `mask` [batch, sequence].
 */
export function meanPoolNormalized(
  hidden: ArrayLike<number>,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  dim: number,
): Float32Array {
  if (hidden.length !== batch * sequence * dim || mask.length !== batch * sequence) {
    throw new Error(`meanPoolNormalized: shapes do not match [${batch}, ${sequence}, ${dim}]`);
  }
  const out = new Float32Array(batch * dim);
  const sum = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    let kept = 0;
    for (let t = 0; t < sequence; t++) {
      if (Number(mask[b * sequence + t]) === 0) continue;
      kept++;
      const offset = (b * sequence + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] = (sum[d] as number) + (hidden[offset + d] as number);
    }
    let squares = 0;
    for (let d = 0; d < dim; d++) {
      const mean = (sum[d] as number) / Math.max(kept, 1);
      sum[d] = mean;
      squares += mean * mean;
    }
    // Same floor as torch.nn.functional.normalize, so an all-zero row stays zero instead of NaN.
    const length = Math.max(Math.sqrt(squares), 1e-12);
    for (let d = 0; d < dim; d++) out[b * dim + d] = (sum[d] as number) / length;
  }
  return out;
}
