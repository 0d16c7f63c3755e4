import { EMBEDDING_DIM } from '../core/vectors';

/**
 * One vector per loaded job, in one Float32Array aligned with the jobs (row i is jobs[i]) and a presence
 * flag per row: 50,000 jobs are 77 MB in one block instead of 50,000 small arrays in a Map.
 */
export class JobVectors {
  readonly matrix: Float32Array;
  private readonly present: Uint8Array;
  private filled = 0;

  constructor(readonly jobCount: number) {
    this.matrix = new Float32Array(jobCount * EMBEDDING_DIM);
    this.present = new Uint8Array(jobCount);
  }

  get count(): number {
    return this.filled;
  }

  has(index: number): boolean {
    return this.present[index] === 1;
  }

  /** Row `index` without copying, or undefined while the job has no vector. */
  get(index: number): Float32Array | undefined {
    return this.has(index) ? this.matrix.subarray(index * EMBEDDING_DIM, (index + 1) * EMBEDDING_DIM) : undefined;
  }

  set(index: number, vector: ArrayLike<number>): void {
    if (vector.length !== EMBEDDING_DIM) throw new Error(`JobVectors.set: ${vector.length} numbers, not 384`);
    this.matrix.set(vector, index * EMBEDDING_DIM);
    if (!this.has(index)) this.filled++;
    this.present[index] = 1;
  }
}
