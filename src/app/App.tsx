import { useMemo } from 'react';
import { devicePreferenceFrom } from './device-preference';
import { ModelStatus } from './ModelStatus';
import { SimilarityDemo } from './SimilarityDemo';
import { useEmbedder } from './useEmbedder';

export function App() {
  const device = useMemo(() => devicePreferenceFrom(window.location.search), []);
  const { model, retry, embed } = useEmbedder(device);
  return (
    <div className="page">
      <header className="masthead">
        <h1>CareerPilot Match</h1>
        <p className="tagline">
          Job matching with sentence embeddings computed on your own machine. Nothing you type leaves it.
        </p>
      </header>
      <main>
        <ModelStatus model={model} onRetry={retry} />
        <SimilarityDemo ready={model.phase === 'ready'} embed={embed} />
      </main>
    </div>
  );
}
