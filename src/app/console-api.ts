import { topJobs } from '../core/rank/rank';
import { EMBEDDING_DIM, toRows } from '../core/vectors';
import { embedderClient } from './embedder-instance';

/**
 * `careerpilotMatch.embed(["text", ...])` in the browser console returns the vectors the app computes,
 * for people who want to check them against their own pipeline (and for the parity tests).
 */
export interface ConsoleApi {
  /**
   * `batchSize` overrides the engine's: the benchmark's batch-size sweep uses it. `windows` reads each text whole,
   * as the app reads postings (windows of up to 256 word pieces, pooled); `windowCounts` then says how many each had.
   */
  embed(
    texts: string[],
    options?: { batchSize?: number; windows?: boolean },
  ): Promise<
    | {
        vectors: number[][];
        windowCounts?: number[];
        /** The model that made the vectors (`Xenova/...`), its numbers per vector and word pieces per window. */
        modelId: string;
        dim: number;
        maxTokens: number;
        device: string;
        dtype: string;
        /** How long the model took to load, and where that time went (see EngineInfo). */
        loadMs: number;
        loadBreakdown: { filesMs: number; runtimeMs: number };
      }
    | { error: string; code: string }
  >;
  countTokens(texts: string[]): Promise<number[] | { error: string; code: string }>;
  /** For `npm run bench`: median time of `runs` top-10 searches (topJobs, best chunk) over `vectors` random unit vectors. */
  benchSearch(vectors: number, runs?: number): { vectors: number; top10_ms: number; runs_ms: number[] };
}

function randomUnitVectors(count: number): Float32Array {
  const vectors = new Float32Array(count * EMBEDDING_DIM);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    for (let d = 0; d < EMBEDDING_DIM; d++) {
      const value = Math.random() * 2 - 1;
      vectors[row * EMBEDDING_DIM + d] = value;
      sum += value * value;
    }
    const scale = 1 / Math.sqrt(sum);
    for (let d = 0; d < EMBEDDING_DIM; d++)
      vectors[row * EMBEDDING_DIM + d] = (vectors[row * EMBEDDING_DIM + d] as number) * scale;
  }
  return vectors;
}

declare global {
  interface Window {
    careerpilotMatch?: ConsoleApi;
  }
}

export function installConsoleApi(target: Window): void {
  target.careerpilotMatch = {
    async embed(texts, options) {
      const result = await embedderClient.embed(texts, {
        ...(options?.batchSize ? { batchSize: options.batchSize } : {}),
        ...(options?.windows ? { windows: true } : {}),
      });
      if (!result.ok) return { error: result.error.message, code: result.error.code };
      const windows = result.value.windows;
      return {
        vectors: toRows(result.value.vectors, result.value.info.dim),
        ...(windows ? { windowCounts: [...windows.counts] } : {}),
        modelId: result.value.info.modelId,
        dim: result.value.info.dim,
        maxTokens: result.value.info.maxTokens,
        device: result.value.info.device,
        dtype: result.value.info.dtype,
        loadMs: result.value.info.loadMs,
        loadBreakdown: result.value.info.loadBreakdown,
      };
    },
    async countTokens(texts) {
      const result = await embedderClient.countTokens(texts);
      return result.ok ? result.value : { error: result.error.message, code: result.error.code };
    },
    benchSearch(vectors, runs = 5) {
      const jobs = randomUnitVectors(vectors);
      const profile = randomUnitVectors(1);
      const runsMs: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const top = topJobs(jobs, profile, 'best-chunk', 10, EMBEDDING_DIM);
        runsMs.push(performance.now() - started);
        if (top.length !== Math.min(10, vectors)) throw new Error('topJobs returned too few jobs');
      }
      const sorted = [...runsMs].sort((a, b) => a - b);
      return { vectors, top10_ms: sorted[Math.floor(sorted.length / 2)] as number, runs_ms: runsMs };
    },
  };
}
