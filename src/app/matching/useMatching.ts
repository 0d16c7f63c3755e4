import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { exportJobsVectors, reusableVector } from '../../core/jobs/export';
import type { Job, ModelKey, RecordProblem } from '../../core/jobs/job';
import { jobText } from '../../core/jobs/text';
import { row } from '../../core/vectors';
import type { EngineInfo, EmbedProgress } from '../../embedding/types';
import { openLocalStore } from '../../storage/indexeddb-store';
import type { LocalStore } from '../../storage/local-store';
import { embedderClient } from '../embedder-instance';
import { parseJobsInWorker } from '../jobs-file/parse-in-worker';
import { embedWithCache } from './embed-with-cache';
import { embedProfile, type ProfileVectors } from './profile-vectors';
import { buildRanking, type RankedJobView } from './ranking';

export interface UploadReport {
  source: string;
  accepted: number;
  problems: RecordProblem[];
  /** The whole file was refused; the jobs loaded before are untouched. */
  fatal?: string;
}

export interface MatchingState {
  storage: { kind: LocalStore['kind']; notice?: string } | null;
  jobs: Job[];
  jobsSource: string | null;
  upload: UploadReport | null;
  progress: EmbedProgress | null;
  /** Counts for the status line: how many job vectors came from the cache or a file, how many were computed. */
  vectorCounts: { embedded: number; reused: number; stored: number };
  profile: string;
  profileState: 'empty' | 'embedding' | 'ready' | 'error';
  ranking: RankedJobView[] | null;
  message: { kind: 'error' | 'info'; text: string } | null;
}

const PROFILE_PAUSE_MS = 600;
const modelKeyOf = (info: EngineInfo): ModelKey => ({
  modelId: info.modelId,
  dtype: info.dtype,
  maxTokens: info.maxTokens,
});

/** The matching workflow for the page: jobs in, vectors cached, profile embedded, jobs ranked. */
export function useMatching(engine: EngineInfo | null) {
  const store = useRef<LocalStore | null>(null);
  const [storage, setStorage] = useState<MatchingState['storage']>(null);
  const [jobs, setJobs] = useState<Job[]>([]);
  const [jobsSource, setJobsSource] = useState<string | null>(null);
  const [upload, setUpload] = useState<UploadReport | null>(null);
  const [jobVectors, setJobVectors] = useState<Map<string, Float32Array>>(new Map());
  const [progress, setProgress] = useState<EmbedProgress | null>(null);
  const [vectorCounts, setVectorCounts] = useState({ embedded: 0, reused: 0, stored: 0 });
  const [profile, setProfileText] = useState('');
  const [profileVectors, setProfileVectors] = useState<{ text: string; vectors: ProfileVectors } | null>(null);
  const [profileState, setProfileState] = useState<MatchingState['profileState']>('empty');
  const [message, setMessage] = useState<MatchingState['message']>(null);
  const embedding = useRef<AbortController | null>(null);
  const key = useMemo(() => (engine ? modelKeyOf(engine) : null), [engine]);

  // Restore what the last visit left: jobs, their source and the profile.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const opened = await openLocalStore({
        onBlocked: (text) => setMessage({ kind: 'error', text }),
        onClosed: (text) => setMessage({ kind: 'error', text }),
      });
      if (cancelled) return opened.close();
      store.current = opened;
      setStorage({ kind: opened.kind, ...(opened.notice ? { notice: opened.notice } : {}) });
      void navigator.storage?.persist?.().catch(() => false);
      const [savedJobs, savedSource, savedProfile] = await Promise.all([
        opened.loadJobs(),
        opened.loadValue('jobsSource'),
        opened.loadValue('profile'),
      ]);
      if (cancelled) return;
      setJobs(savedJobs);
      setJobsSource(savedSource ?? null);
      if (savedProfile) setProfileText(savedProfile);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const getStore = useCallback(() => store.current, []);

  const refreshStoredCount = useCallback(async () => {
    const count = (await store.current?.countVectors()) ?? 0;
    setVectorCounts((counts) => ({ ...counts, stored: count }));
  }, []);

  // Vectors for every job: from the cache, from the file, or computed in batches that are saved as they finish.
  useEffect(() => {
    const local = store.current;
    if (!key || !local || jobs.length === 0) return;
    const controller = new AbortController();
    embedding.current = controller;
    let stale = false;
    void (async () => {
      const texts = jobs.map(jobText);
      const publish = (present: boolean[], vectors: Float32Array) => {
        if (stale) return;
        const next = new Map<string, Float32Array>();
        jobs.forEach((job, index) => {
          if (present[index]) next.set(job.id, row(vectors, index).slice());
        });
        setJobVectors(next);
      };
      const run = await embedWithCache(texts, key, local, embedderClient.embed.bind(embedderClient), {
        signal: controller.signal,
        onProgress: (next) => !stale && setProgress(next),
        onBatch: (partial) => publish(partial.present, partial.vectors),
        carried: async (index) => {
          const job = jobs[index] as Job;
          return job.carried ? reusableVector(job, key) : null;
        },
      });
      if (stale) return;
      publish(run.present, run.vectors);
      setProgress(null);
      setVectorCounts((counts) => ({
        ...counts,
        embedded: counts.embedded + run.embedded,
        reused: counts.reused + run.reused,
      }));
      void refreshStoredCount();
      if (run.error?.code === 'cancelled') {
        const kept = run.present.filter(Boolean).length;
        setMessage({
          kind: 'info',
          text: `Embedding cancelled: ${kept} of ${jobs.length} jobs have vectors and were kept.`,
        });
      } else if (run.error) {
        setMessage({ kind: 'error', text: run.error.message });
      }
    })();
    return () => {
      stale = true;
      controller.abort();
    };
  }, [jobs, key, refreshStoredCount]);

  // Re-embed the profile once the person pauses typing.
  useEffect(() => {
    const local = store.current;
    if (!key || !local) return;
    let stale = false;
    const timer = setTimeout(() => {
      void local
        .saveValue('profile', profile)
        .catch((error: Error) => setMessage({ kind: 'error', text: error.message }));
      if (!profile.trim()) return;
      setProfileState('embedding');
      void embedProfile(profile, key, local, embedderClient.embed.bind(embedderClient), (texts) =>
        embedderClient.countTokens(texts),
      ).then((result) => {
        if (stale) return;
        if (result.ok) {
          setProfileVectors({ text: profile, vectors: result.value });
          setProfileState('ready');
        } else if (result.error.code !== 'cancelled') {
          setProfileState('error');
          setMessage({ kind: 'error', text: result.error.message });
        }
      });
    }, PROFILE_PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [profile, key]);

  const ranking = useMemo(() => {
    if (!profileVectors || !profile.trim() || jobs.length === 0) return null;
    return buildRanking(jobs, (job) => jobVectors.get(job.id), profileVectors.vectors, profileVectors.text);
  }, [jobs, jobVectors, profileVectors, profile]);

  const loadFile = useCallback(async (file: Blob, name: string) => {
    setMessage(null);
    const outcome = await parseJobsInWorker(file, name);
    if (!outcome.ok) {
      setUpload({ source: name, accepted: 0, problems: [], fatal: outcome.message });
      return;
    }
    setUpload({ source: name, accepted: outcome.jobs.length, problems: outcome.problems });
    try {
      await store.current?.saveJobs(outcome.jobs);
      await store.current?.saveValue('jobsSource', name);
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    }
    setJobs(outcome.jobs);
    setJobsSource(name);
  }, []);

  const loadDemo = useCallback(async () => {
    const response = await fetch(`${import.meta.env.BASE_URL}sample_jobs.json`);
    if (!response.ok) {
      setMessage({
        kind: 'error',
        text: `The demo jobs could not be loaded (${response.status} ${response.statusText}).`,
      });
      return;
    }
    await loadFile(await response.blob(), 'sample_jobs.json');
  }, [loadFile]);

  const cancelEmbedding = useCallback(() => embedding.current?.abort(), []);

  const exportVectors = useCallback(async (): Promise<string | null> => {
    if (!key) return null;
    return exportJobsVectors(jobs, (job) => jobVectors.get(job.id), key);
  }, [jobs, jobVectors, key]);

  const clearLocalData = useCallback(async () => {
    embedding.current?.abort();
    try {
      await store.current?.clear();
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
      return;
    }
    setJobs([]);
    setJobsSource(null);
    setJobVectors(new Map());
    setUpload(null);
    setProfileText('');
    setVectorCounts({ embedded: 0, reused: 0, stored: 0 });
    setMessage({
      kind: 'info',
      text: 'Local data cleared: jobs, vectors and your profile are gone from this browser.',
    });
  }, []);

  const state: MatchingState = {
    storage,
    jobs,
    jobsSource,
    upload,
    progress,
    vectorCounts,
    profile,
    profileState: profile.trim() ? profileState : 'empty',
    ranking,
    message,
  };
  return {
    state,
    /** For the Supabase panel: what to sync and what to search with. */
    modelKey: key,
    jobVectors,
    profileChunkVectors: profile.trim() ? (profileVectors?.vectors.chunkVectors ?? null) : null,
    getStore,
    setProfile: setProfileText,
    loadFile,
    loadDemo,
    cancelEmbedding,
    exportVectors,
    clearLocalData,
    dismissMessage: () => setMessage(null),
  };
}
