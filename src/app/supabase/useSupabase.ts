import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { useCallback, useEffect, useState } from 'react';
import { modelKeyString, sha256Hex } from '../../core/jobs/hash';
import { jobText } from '../../core/jobs/text';
import { modelSpec } from '../../core/models';
import { row } from '../../core/vectors';
import type { MatchingSession } from '../../matching/session';
import { NO_REALTIME } from '../../supabase/client-options';
import { checkBrowserKey } from '../../supabase/keys';
import { loadJobsFromSupabase } from '../../supabase/load-jobs';
import { searchJobsInSupabase, type SupabaseMatch } from '../../supabase/search';
import { syncEmbeddings, type SyncReport } from '../../supabase/sync';

export interface SupabaseState {
  config: { url: string; key: string } | null;
  signedInAs: string | null;
  busy: 'load' | 'sync' | 'search' | 'sign-in' | null;
  progress: { done: number; total: number } | null;
  report: SyncReport | null;
  matches: SupabaseMatch[] | null;
  message: { kind: 'error' | 'info'; text: string } | null;
}

// The session lives only in memory: a reload asks to sign in again, nothing of it is stored.
const connect = (url: string, key: string) =>
  createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false }, realtime: NO_REALTIME });

/** The optional Supabase connection: settings kept in IndexedDB, load, sync and search. */
export function useSupabase(session: MatchingSession, storageReady: boolean) {
  const [client, setClient] = useState<SupabaseClient | null>(null);
  const [state, setState] = useState<SupabaseState>({
    config: null,
    signedInAs: null,
    busy: null,
    progress: null,
    report: null,
    matches: null,
    message: null,
  });
  const update = (patch: Partial<SupabaseState>) => setState((current) => ({ ...current, ...patch }));

  useEffect(() => {
    if (!storageReady) return;
    void session
      .getStore()
      ?.loadValue('supabase')
      .then((config) => {
        if (!config || !checkBrowserKey(config.url, config.key).ok) return;
        setClient(connect(config.url, config.key));
        setState((current) => ({ ...current, config }));
      });
  }, [storageReady, session]);

  const saveConfig = useCallback(
    async (url: string, key: string) => {
      const checked = checkBrowserKey(url.trim(), key.trim());
      if (!checked.ok) {
        update({ message: { kind: 'error', text: checked.error.message } });
        return;
      }
      const config = { url: url.trim(), key: key.trim() };
      try {
        await session.getStore()?.saveValue('supabase', config);
      } catch (error) {
        update({ message: { kind: 'error', text: (error as Error).message } });
        return;
      }
      setClient(connect(config.url, config.key));
      update({
        config,
        signedInAs: null,
        message: { kind: 'info', text: 'Connected settings saved in this browser.' },
      });
    },
    [session],
  );

  const signIn = useCallback(
    async (email: string, password: string) => {
      if (!client) return;
      update({ busy: 'sign-in', message: null });
      const { data, error } = await client.auth.signInWithPassword({ email, password });
      update(
        error
          ? { busy: null, message: { kind: 'error', text: `Sign-in failed: ${error.message}` } }
          : { busy: null, signedInAs: data.user?.email ?? email, message: null },
      );
    },
    [client],
  );

  const loadJobs = useCallback(async () => {
    if (!client) return;
    update({ busy: 'load', progress: null, message: null });
    const result = await loadJobsFromSupabase(client, { onProgress: (progress) => update({ progress }) });
    if (!result.ok) {
      update({ busy: null, progress: null, message: { kind: 'error', text: result.error.message } });
      return;
    }
    // The same worker and validation as an uploaded file.
    await session.loadRecords(result.records, 'Supabase jobs.json');
    update({ busy: null, progress: null });
  }, [client, session]);

  const sync = useCallback(async () => {
    const modelKey = session.getModelKey();
    if (!client || !modelKey) return;
    update({ busy: 'sync', progress: null, report: null, message: null });
    const model = modelKeyString(modelKey);
    const items = await Promise.all(
      session.jobsWithVectors().map(async ({ job, vector }) => ({
        id: job.id,
        vector,
        model,
        contentHash: await sha256Hex(jobText(job)),
      })),
    );
    const report = await syncEmbeddings(client, items, { onProgress: (progress) => update({ progress }) });
    update({ busy: null, progress: null, report });
  }, [client, session]);

  const search = useCallback(async () => {
    const profileChunkVectors = session.profileChunkVectors();
    const modelKey = session.getModelKey();
    if (!client || !profileChunkVectors || !modelKey) return;
    const spec = modelSpec(modelKey.modelId);
    if (!spec) {
      update({ message: { kind: 'error', text: `Supabase cannot be searched with vectors of ${modelKey.modelId}.` } });
      return;
    }
    update({ busy: 'search', matches: null, message: null });
    // Each profile chunk is searched and a job keeps its best chunk's similarity, as the in-browser ranking does.
    // The chunks are the active model's vectors, so only that model's vectors in Supabase are searched.
    const best = new Map<string, SupabaseMatch>();
    for (let chunk = 0; chunk < profileChunkVectors.length / spec.dim; chunk++) {
      const result = await searchJobsInSupabase(client, row(profileChunkVectors, chunk, spec.dim), {
        matchCount: 25,
        minSimilarity: 0,
        modelId: spec.id,
      });
      if (!result.ok) {
        update({ busy: null, message: { kind: 'error', text: result.error.message } });
        return;
      }
      for (const match of result.matches) {
        const known = best.get(match.id);
        if (!known || known.similarity < match.similarity) best.set(match.id, match);
      }
    }
    const matches = [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, 25);
    update({ busy: null, matches });
  }, [client, session]);

  return { state, saveConfig, signIn, loadJobs, sync, search, connected: client !== null };
}
