import { BUNDLED_MODEL, modelSpec } from '../core/models';
import { DEVICE_NAMES } from '../embedding/types';
import type { ModelState } from './useEmbedder';
import { loadedFraction } from './load-progress';
import { hubHost, type ModelChoice } from './models/model-choice';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export function ModelStatus({
  model,
  choice,
  onRetry,
  onUseBundled,
}: {
  model: ModelState;
  /** The model being loaded; null while the page decides. */
  choice: ModelChoice | null;
  onRetry: () => void;
  /** Offered when another model failed to load: back to the bundled one. */
  onUseBundled?: () => void;
}) {
  const spec = (choice && modelSpec(choice.modelId)) ?? BUNDLED_MODEL;
  if (model.phase === 'loading') {
    const fraction = loadedFraction(model.files);
    const bytes = Object.values(model.files).reduce((sum, file) => sum + file.loaded, 0);
    const total = Object.values(model.files).reduce((sum, file) => sum + file.total, 0);
    const where = spec.bundled
      ? 'from this site, no download elsewhere'
      : `from ${hubHost(choice?.hubUrl ?? '')} the first time, then from this browser's copy`;
    return (
      <section className="card status" aria-labelledby="model-status-title">
        <h2 id="model-status-title">Loading the model</h2>
        <progress aria-label="Model loading" max={1} value={fraction} />
        <p role="status">
          {spec.name}: {Math.round(fraction * 100)}% ({megabytes(bytes)}
          {!spec.bundled && total > 0 ? ` of ${megabytes(total)}` : ''}) {where}.
        </p>
      </section>
    );
  }
  if (model.phase === 'failed') {
    return (
      <section className="card status error" aria-labelledby="model-status-title">
        <h2 id="model-status-title">The model could not be loaded</h2>
        <p role="alert">{model.error.message}</p>
        <div className="actions">
          <button type="button" onClick={onRetry}>
            Retry loading the model
          </button>
          {!spec.bundled && onUseBundled && (
            <button type="button" className="secondary" onClick={onUseBundled}>
              Use {BUNDLED_MODEL.name} instead
            </button>
          )}
        </div>
      </section>
    );
  }
  const { info, reason } = model.loaded;
  const backend = DEVICE_NAMES[info.device];
  return (
    <section className="card status" aria-labelledby="model-status-title">
      <h2 id="model-status-title">Model ready</h2>
      <p role="status" data-testid="backend">
        {(modelSpec(info.modelId) ?? BUNDLED_MODEL).name} on {backend} ({info.dtype}
        {info.device === 'wasm' ? `, ${info.numThreads} thread${info.numThreads === 1 ? '' : 's'}` : ''}) — loaded in{' '}
        {info.loadMs} ms
      </p>
      <p className="hint">{info.fallbackReason ?? `Chosen because: ${reason}.`}</p>
    </section>
  );
}
