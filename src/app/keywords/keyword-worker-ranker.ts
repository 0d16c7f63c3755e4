import { wrap } from 'comlink';
import type { KeywordRanker } from '../../matching/keyword-ranker';
import type { KeywordWorkerApi } from './keyword.worker';

/** The page's keyword ranker: the index and its searches in a worker of their own, one per job list. */
export function workerKeywordRanker(): KeywordRanker {
  const worker = new Worker(new URL('./keyword.worker.ts', import.meta.url), { type: 'module', name: 'keywords' });
  const remote = wrap<KeywordWorkerApi>(worker);
  // A worker that dies answers nothing: its calls fail instead of waiting forever, and the page ranks without it.
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the keyword worker stopped'))),
  );
  void failed.catch(() => undefined);
  return {
    add: (documents) => Promise.race([remote.add(documents), failed]),
    search: (profile) => Promise.race([remote.search(profile), failed]),
    dispose: () => worker.terminate(),
  };
}
