import { MatchingSession } from '../../matching/session';
import { openLocalStore } from '../../storage/indexeddb-store';
import { DEFAULT_VECTOR_CACHE_POLICY } from '../../storage/local-store';
import { storageEstimate } from '../../storage/storage-estimate';
import { embedderClient } from '../embedder-instance';
import { parseJobsInWorker } from '../jobs-file/parse-in-worker';
import { workerKeywordRanker } from '../keywords/keyword-worker-ranker';

/**
 * One matching session for the page, like the one embedder worker: it outlives React's StrictMode double
 * mounts and is started once, when first used.
 */
export const matchingSession = new MatchingSession({
  openStore: (events) => openLocalStore(events),
  embed: (texts, options) => embedderClient.embed(texts, options),
  countTokens: (texts) => embedderClient.countTokens(texts),
  parseFile: parseJobsInWorker,
  keywordRanker: workerKeywordRanker,
  storageUse: storageEstimate,
  pruneCache: (store, inUse) => store.pruneVectors(DEFAULT_VECTOR_CACHE_POLICY, inUse),
});

let started = false;

export function startMatchingSession(): void {
  if (started) return;
  started = true;
  void matchingSession.start();
  void navigator.storage?.persist?.().catch(() => false);
}
