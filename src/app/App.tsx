import { useEffect, useMemo } from 'react';
import { BUNDLED_MODEL } from '../core/models';
import { ActionsPanel } from './ActionsPanel';
import { devicePreferenceFrom } from './device-preference';
import { downloadParts } from './download';
import { JobsPanel } from './JobsPanel';
import { loadDemo } from './matching/demo-jobs';
import { useMatching } from './matching/useMatching';
import { ModelStatus } from './ModelStatus';
import { ModelPicker } from './models/ModelPicker';
import { useModelChoice } from './models/useModelChoice';
import { ProfilePanel } from './ProfilePanel';
import type { AppUpdate } from './pwa/app-update';
import { AppUpdateNotice } from './pwa/UpdateNotice';
import { ResultsPanel } from './ResultsPanel';
import { SimilarityDemo } from './SimilarityDemo';
import { StatusLine } from './StatusLine';
import { SupabasePanel } from './supabase/SupabasePanel';
import { useSupabase } from './supabase/useSupabase';
import { useEmbedder } from './useEmbedder';

/** `appUpdate` is the service worker's state (main.tsx); without it the page shows no update notice. */
export function App({ appUpdate }: { appUpdate?: AppUpdate }) {
  const device = useMemo(() => devicePreferenceFrom(window.location.search), []);
  const models = useModelChoice(device);
  const { model, retry, embed } = useEmbedder(device, models.active);
  const { refreshDownloads } = models;
  // A finished download is now in the cache: the picker shows it as downloaded, with its size.
  useEffect(() => {
    if (model.phase === 'ready') void refreshDownloads();
  }, [model.phase, refreshDownloads]);
  const statusProps = {
    model,
    choice: models.active,
    onRetry: retry,
    onUseBundled: () => models.choose(BUNDLED_MODEL.id),
  };
  const engine = model.phase === 'ready' ? model.loaded.info : null;
  const { snapshot, session } = useMatching(engine);
  const supabase = useSupabase(session, snapshot.storage !== null);

  const exportVectors = async () => {
    const parts = await session.exportVectors();
    if (parts) downloadParts('jobs_vectors.json', parts);
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
        {appUpdate && <AppUpdateNotice update={appUpdate} />}
        {model.phase !== 'ready' && <ModelStatus {...statusProps} />}
        {snapshot.storage?.notice && <p className="notice">{snapshot.storage.notice}</p>}
        {snapshot.message && (
          <div
            className={`notice ${snapshot.message.kind}`}
            role={snapshot.message.kind === 'error' ? 'alert' : 'status'}
          >
            <span>{snapshot.message.text}</span>
            <button
              type="button"
              className="link"
              onClick={() => session.dismissMessage()}
              aria-label="Dismiss message"
            >
              ×
            </button>
          </div>
        )}
        <div className="columns">
          <div>
            <JobsPanel
              jobCount={snapshot.jobs.length}
              jobsSource={snapshot.jobsSource}
              upload={snapshot.upload}
              progress={snapshot.progress}
              disabled={snapshot.storage === null}
              onFile={(file) => void session.loadFile(file, file.name)}
              onDemo={() => void loadDemo(session)}
              onCancel={() => session.cancelEmbedding()}
            />
            <ProfilePanel
              snapshot={snapshot}
              onChange={(text) => session.setProfile(text)}
              onCancel={() => session.cancelProfile()}
            />
            <ActionsPanel
              canExport={engine !== null && snapshot.jobs.length > 0 && snapshot.progress?.phase !== 'jobs'}
              storageUse={snapshot.storageUse}
              onExport={() => void exportVectors()}
              onClear={() => void session.clearLocalData()}
            />
          </div>
          <ResultsPanel snapshot={snapshot} modelId={engine?.modelId ?? BUNDLED_MODEL.id} />
        </div>
        <SupabasePanel
          state={supabase.state}
          connected={supabase.connected}
          canSync={snapshot.withVectors > 0 && snapshot.progress?.phase !== 'jobs'}
          canSearch={snapshot.profileState === 'ready'}
          onSaveConfig={(url, key) => void supabase.saveConfig(url, key)}
          onSignIn={(email, password) => void supabase.signIn(email, password)}
          onLoad={() => void supabase.loadJobs()}
          onSync={() => void supabase.sync()}
          onSearch={() => void supabase.search()}
        />
        {model.phase === 'ready' && <ModelStatus {...statusProps} />}
        {models.active && models.planFor && (
          <ModelPicker
            active={models.active}
            planFor={models.planFor}
            hubUrl={models.hubUrl}
            downloads={models.downloads}
            pending={models.pending}
            notice={models.notice}
            busy={model.phase === 'loading'}
            onChoose={models.choose}
            onConfirm={models.confirmDownload}
            onCancel={models.cancelDownload}
            onRemove={(modelId) => void models.remove(modelId)}
            onHubUrl={models.setHubUrl}
          />
        )}
        <details className="card tools">
          <summary>Compare two texts</summary>
          <SimilarityDemo ready={model.phase === 'ready'} embed={embed} />
        </details>
      </main>
      <StatusLine model={model} matching={snapshot} />
    </div>
  );
}
