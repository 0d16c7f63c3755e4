import { useMemo } from 'react';
import { ActionsPanel } from './ActionsPanel';
import { devicePreferenceFrom } from './device-preference';
import { downloadText } from './download';
import { JobsPanel } from './JobsPanel';
import { useMatching } from './matching/useMatching';
import { ModelStatus } from './ModelStatus';
import { ProfilePanel } from './ProfilePanel';
import { ResultsPanel } from './ResultsPanel';
import { SimilarityDemo } from './SimilarityDemo';
import { StatusLine } from './StatusLine';
import { SupabasePanel } from './supabase/SupabasePanel';
import { useSupabase } from './supabase/useSupabase';
import { useEmbedder } from './useEmbedder';

export function App() {
  const device = useMemo(() => devicePreferenceFrom(window.location.search), []);
  const { model, retry, embed } = useEmbedder(device);
  const engine = model.phase === 'ready' ? model.loaded.info : null;
  const matching = useMatching(engine);
  const { state } = matching;
  const supabase = useSupabase({
    getStore: matching.getStore,
    storageReady: state.storage !== null,
    jobs: state.jobs,
    jobVectors: matching.jobVectors,
    modelKey: matching.modelKey,
    profileChunkVectors: matching.profileChunkVectors,
    loadRecords: matching.loadFile,
  });

  const exportVectors = async () => {
    const text = await matching.exportVectors();
    if (text) downloadText('jobs_vectors.json', text);
  };

  return (
    <div className="page">
      <header className="masthead">
        <h1>CareerPilot Match</h1>
        <p className="tagline">
          Rank job postings against your profile with embeddings computed on your own machine. Nothing you upload or
          type leaves it.
        </p>
      </header>
      <main>
        {model.phase !== 'ready' && <ModelStatus model={model} onRetry={retry} />}
        {state.storage?.notice && <p className="notice">{state.storage.notice}</p>}
        {state.message && (
          <div className={`notice ${state.message.kind}`} role={state.message.kind === 'error' ? 'alert' : 'status'}>
            <span>{state.message.text}</span>
            <button type="button" className="link" onClick={matching.dismissMessage} aria-label="Dismiss message">
              ×
            </button>
          </div>
        )}
        <div className="columns">
          <div>
            <JobsPanel
              jobCount={state.jobs.length}
              jobsSource={state.jobsSource}
              upload={state.upload}
              progress={state.progress}
              disabled={state.storage === null}
              onFile={(file) => void matching.loadFile(file, file.name)}
              onDemo={() => void matching.loadDemo()}
              onCancel={matching.cancelEmbedding}
            />
            <ProfilePanel profile={state.profile} state={state.profileState} onChange={matching.setProfile} />
            <ActionsPanel
              canExport={engine !== null && state.jobs.length > 0 && state.progress === null}
              onExport={() => void exportVectors()}
              onClear={() => void matching.clearLocalData()}
            />
          </div>
          <ResultsPanel ranking={state.ranking} jobCount={state.jobs.length} profileEmpty={!state.profile.trim()} />
        </div>
        <SupabasePanel
          state={supabase.state}
          connected={supabase.connected}
          canSync={matching.jobVectors.size > 0 && state.progress === null}
          canSearch={matching.profileChunkVectors !== null}
          onSaveConfig={(url, key) => void supabase.saveConfig(url, key)}
          onSignIn={(email, password) => void supabase.signIn(email, password)}
          onLoad={() => void supabase.loadJobs()}
          onSync={() => void supabase.sync()}
          onSearch={() => void supabase.search()}
        />
        {model.phase === 'ready' && <ModelStatus model={model} onRetry={retry} />}
        <details className="card tools">
          <summary>Compare two texts</summary>
          <SimilarityDemo ready={model.phase === 'ready'} embed={embed} />
        </details>
      </main>
      <StatusLine model={model} matching={state} />
    </div>
  );
}
