import type { ModelState } from './useEmbedder';
import { loadedFraction } from './load-progress';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export function ModelStatus({ model, onRetry }: { model: ModelState; onRetry: () => void }) {
  if (model.phase === 'loading') {
    const fraction = loadedFraction(model.files);
    const bytes = Object.values(model.files).reduce((sum, file) => sum + file.loaded, 0);
    return (
      <section className="card status" aria-labelledby="model-status-title">
        <h2 id="model-status-title">Loading the model</h2>
        <progress aria-label="Model loading" max={1} value={fraction} />
        <p role="status">
          all-MiniLM-L6-v2: {Math.round(fraction * 100)}% ({megabytes(bytes)}) from this site, no download elsewhere.
        </p>
      </section>
    );
  }
  if (model.phase === 'failed') {
    return (
      <section className="card status error" aria-labelledby="model-status-title">
        <h2 id="model-status-title">The model could not be loaded</h2>
        <p role="alert">{model.error.message}</p>
        <button type="button" onClick={onRetry}>
          Retry loading the model
        </button>
      </section>
    );
  }
  const { info, reason } = model.loaded;
  const backend = info.device === 'webgpu' ? 'WebGPU' : info.device === 'wasm' ? 'WASM' : info.device;
  return (
    <section className="card status" aria-labelledby="model-status-title">
      <h2 id="model-status-title">Model ready</h2>
      <p role="status" data-testid="backend">
        all-MiniLM-L6-v2 on {backend} ({info.dtype}
        {info.device === 'wasm' ? `, ${info.numThreads} thread${info.numThreads === 1 ? '' : 's'}` : ''}) — loaded in{' '}
        {info.loadMs} ms
      </p>
      <p className="hint">{info.fallbackReason ?? `Chosen because: ${reason}.`}</p>
    </section>
  );
}
