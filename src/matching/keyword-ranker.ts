import { KeywordIndex, type KeywordDocument } from '../core/rank/keyword-index';

/**
 * The keyword index of one job list: jobs added in order (the i-th added is job i), then searched with a whole
 * profile. Asynchronous so the page can keep it in a worker: at 50,000 postings a search takes 0.5-0.9 s and the
 * index ~600 MB, which must not hold the page's main thread.
 */
export interface KeywordRanker {
  add(documents: KeywordDocument[]): Promise<void>;
  /** BM25 score per job for the profile; 0 for a job that shares no term. */
  search(profile: string): Promise<Float32Array>;
  /** Gives the index's memory back; the ranker is not used after. */
  dispose(): void;
}

/** The ranker on the calling thread: for Node (tests, the benchmark) and inside the page's keyword worker. */
export function inThreadKeywordRanker(): KeywordRanker {
  const index = new KeywordIndex();
  return {
    add: async (documents) => index.add(documents),
    search: async (profile) => index.search(profile),
    dispose: () => undefined,
  };
}
