/**
 * One vector per loaded job, in one Float32Array aligned with the jobs (row i is jobs[i]) and a presence
 * flag per row: 50,000 jobs are 77 MB in one block instead of 50,000 small arrays in a Map.
 */
export class JobVectors {
  readonly matrix: Float32Array;
  private readonly present: Uint8Array;
  private filled = 0;

  /** `dim`: numbers per vector of the model these vectors belong to. */
  constructor(
    readonly jobCount: number,
    readonly dim: number,
  ) {
    this.matrix = new Float32Array(jobCount * dim);
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
    return this.has(index) ? this.matrix.subarray(index * this.dim, (index + 1) * this.dim) : undefined;
  }

  set(index: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`JobVectors.set: ${vector.length} numbers, not ${this.dim}`);
    this.matrix.set(vector, index * this.dim);
    if (!this.has(index)) this.filled++;
    this.present[index] = 1;
  }
}
