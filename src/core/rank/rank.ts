/** How a profile split into several chunks is scored against a job. */
export type ChunkStrategy = 'best-chunk' | 'mean';

export interface RankedJob {
  /** Position of the job in the list that was ranked. */
  index: number;
  /** Cosine similarity (vectors are unit length, so a dot product), -1..1. */
  score: number;
  /** The profile chunk that matched this job best. */
  bestChunk: number;
}

interface Scores {
  scores: Float64Array;
  bestChunks: Uint32Array;
}

/**
 * Scores every job against the profile and sorts best first (ties keep the input order). With
 * 'best-chunk' a job's score is its best chunk's similarity; with 'mean', the similarity to the mean of
 * the chunk vectors. Both inputs are flat row-major matrices of unit vectors.
 */
export function rankJobs(
  jobVectors: Float32Array,
  profileChunks: Float32Array,
  strategy: ChunkStrategy,
  dim: number,
): RankedJob[] {
  return topJobs(jobVectors, profileChunks, strategy, jobVectors.length / dim, dim);
}

/**
 * The `k` best jobs, best first, with the same order and scores as the head of `rankJobs`. Keeps a
 * k-sized heap instead of sorting every job: over 100,000 vectors the sort and the per-job objects cost
 * more than the dot products (see README, "Benchmark").
 */
export function topJobs(
  jobVectors: Float32Array,
  profileChunks: Float32Array,
  strategy: ChunkStrategy,
  k: number,
  dim: number,
): RankedJob[] {
  const { scores, bestChunks } = scoreJobs(jobVectors, profileChunks, strategy, dim);
  const heap = new WorstFirstHeap(Math.max(0, Math.min(k, scores.length)), scores);
  for (let job = 0; job < scores.length; job++) heap.offer(job);
  return heap
    .drain()
    .map((index) => ({ index, score: scores[index] as number, bestChunk: bestChunks[index] as number }));
}

function scoreJobs(
  jobVectors: Float32Array,
  profileChunks: Float32Array,
  strategy: ChunkStrategy,
  dim: number,
): Scores {
  const chunks = profileChunks.length / dim;
  const jobs = chunks === 0 ? 0 : jobVectors.length / dim;
  const scores = new Float64Array(jobs);
  const bestChunks = new Uint32Array(jobs);
  if (jobs === 0) return { scores, bestChunks };
  const sums = strategy === 'mean' ? new Float64Array(jobs) : null;
  scores.fill(-Infinity);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const chunkOffset = chunk * dim;
    for (let job = 0; job < jobs; job++) {
      const similarity = dotAt(jobVectors, job * dim, profileChunks, chunkOffset, dim);
      if (sums) sums[job] = (sums[job] as number) + similarity;
      if (similarity > (scores[job] as number)) {
        scores[job] = similarity;
        bestChunks[job] = chunk;
      }
    }
  }
  if (sums) {
    const meanLength = chunks === 1 ? 1 : lengthOfSum(profileChunks, chunks, dim);
    for (let job = 0; job < jobs; job++) scores[job] = meanLength === 0 ? 0 : (sums[job] as number) / meanLength;
  }
  return { scores, bestChunks };
}

// Four accumulators let the JIT overlap the multiply-adds; 384 is a multiple of 4, other sizes finish below.
export function dotAt(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += (a[aOffset + d] as number) * (b[bOffset + d] as number);
    s1 += (a[aOffset + d + 1] as number) * (b[bOffset + d + 1] as number);
    s2 += (a[aOffset + d + 2] as number) * (b[bOffset + d + 2] as number);
    s3 += (a[aOffset + d + 3] as number) * (b[bOffset + d + 3] as number);
  }
  for (; d < dim; d++) s0 += (a[aOffset + d] as number) * (b[bOffset + d] as number);
  return s0 + s1 + s2 + s3;
}

// Similarity to the normalised mean vector = (sum of similarities) / |sum of chunk vectors|.
function lengthOfSum(profileChunks: Float32Array, chunks: number, dim: number): number {
  const sum = new Float64Array(dim);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] as number) + (profileChunks[chunk * dim + d] as number);
  }
  return Math.sqrt(sum.reduce((total, value) => total + value * value, 0));
}

/** A binary heap of job indices whose root is the worst job kept (lowest score, then latest index). */
class WorstFirstHeap {
  private readonly items: Int32Array;
  private size = 0;

  constructor(
    private readonly capacity: number,
    private readonly scores: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
  }

  offer(job: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.items[this.size] = job;
      this.siftUp(this.size++);
    } else if (this.isBetter(job, this.items[0] as number)) {
      this.items[0] = job;
      this.siftDown(0);
    }
  }

  /** Best first; empties the heap. */
  drain(): number[] {
    const best: number[] = new Array<number>(this.size);
    for (let position = this.size - 1; position >= 0; position--) {
      best[position] = this.items[0] as number;
      this.items[0] = this.items[--this.size] as number;
      this.siftDown(0);
    }
    return best;
  }

  // Ties go to the earlier job, matching rankJobs' stable order.
  private isBetter(a: number, b: number): boolean {
    const difference = (this.scores[a] as number) - (this.scores[b] as number);
    return difference > 0 || (difference === 0 && a < b);
  }

  private siftUp(position: number): void {
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!this.isBetter(this.items[parent] as number, this.items[position] as number)) return;
      this.swap(parent, position);
      position = parent;
    }
  }

  private siftDown(position: number): void {
    for (;;) {
      const left = 2 * position + 1;
      const right = left + 1;
      let worst = position;
      if (left < this.size && this.isBetter(this.items[worst] as number, this.items[left] as number)) worst = left;
      if (right < this.size && this.isBetter(this.items[worst] as number, this.items[right] as number)) worst = right;
      if (worst === position) return;
      this.swap(worst, position);
      position = worst;
    }
  }

  private swap(a: number, b: number): void {
    const held = this.items[a] as number;
    this.items[a] = this.items[b] as number;
    this.items[b] = held;
  }
}
