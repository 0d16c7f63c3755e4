/**
 * The model calls an embedding run makes: text indices grouped into batches of at most `batchSize`,
 * shortest texts first, because padding is the main waste in a batch.
 *
 * `unpadded` puts only texts of the same token count in a batch. The W8A8 model quantises each token's
 * activations at run time; onnxruntime-web's fp32 kernels give results that differ in the last bits when
 * the padded length changes, and the int8 rounding turns that into up to 4e-4 of cosine, so a text's
 * vector would depend on its neighbours. With no padding the vectors are bit-identical to batch 1
 * (bench/w8a8/RESULTS.md, "Why WASM fails batch invariance").
 */
export function planBatches(lengths: readonly number[], batchSize: number, unpadded: boolean): number[][] {
  const size = Math.max(1, Math.floor(batchSize));
  const order = lengths.map((_, index) => index).sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const full = current.length >= size;
    const otherLength = unpadded && current.length > 0 && lengths[current[0] as number] !== lengths[index];
    if (full || otherLength) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length) batches.push(current);
  return batches;
}
