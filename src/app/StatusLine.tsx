import { BUNDLED_MODEL, modelSpec } from '../core/models';
import { DEVICE_NAMES } from '../embedding/types';
import type { ModelState } from './useEmbedder';
import type { MatchingSnapshot } from '../matching/snapshot';

export function StatusLine({ model, matching }: { model: ModelState; matching: MatchingSnapshot }) {
  const engine = model.phase === 'ready' ? model.loaded.info : null;
  const backend = engine
    ? `${DEVICE_NAMES[engine.device]} ${engine.dtype}`
    : model.phase === 'loading'
      ? 'loading…'
      : 'not loaded';
  const { embedded, reused, stored } = matching.vectorCounts;
  const modelName =
    (engine && modelSpec(engine.modelId)?.name) ?? (model.phase === 'loading' ? 'loading' : BUNDLED_MODEL.name);
  return (
    <footer className="status-line" aria-label="Status">
      <span>
        Model: {modelName} ({backend})
      </span>
      <span data-testid="vector-counts">
        Vectors: {matching.withVectors.toLocaleString('en-US')} of {matching.jobs.length.toLocaleString('en-US')} jobs ·{' '}
        {embedded} embedded · {reused} reused this session · {stored} in the cache (postings, requirements and profile
        passages)
      </span>
      <span>
        Storage:{' '}
        {matching.storage === null
          ? 'opening…'
          : matching.storage.kind === 'indexeddb'
            ? 'this browser (IndexedDB)'
            : 'memory only'}
      </span>
    </footer>
  );
}
