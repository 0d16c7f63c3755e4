import { expose, transfer } from 'comlink';
import type { KeywordDocument } from '../../core/rank/keyword-index';
import { inThreadKeywordRanker } from '../../matching/keyword-ranker';

// One job list's index per worker: a new list gets a new worker, so the old index's memory goes with the old one.
const ranker = inThreadKeywordRanker();

const api = {
  add: (documents: KeywordDocument[]) => ranker.add(documents),
  async search(profile: string): Promise<Float32Array> {
    const scores = await ranker.search(profile);
    return transfer(scores, [scores.buffer]);
  },
};

export type KeywordWorkerApi = typeof api;

expose(api);
