import { useCallback, useEffect, useMemo, useState } from 'react';
import { detectCapabilities } from '../../embedding/capabilities';
import { chooseDevice, type BrowserCapabilities, type DevicePreference } from '../../embedding/device-choice';
import { MODELS, type ModelSpec } from '../../core/models';
import { modelCacheNames } from '../../embedding/model-cache';
import {
  downloadedModels,
  normaliseHubUrl,
  probeDownloadSize,
  removeDownloadedModel,
  type DownloadedModel,
  type DownloadSize,
} from '../../embedding/model-downloads';
import {
  chosenSpec,
  type LoadPlan,
  type PlanFor,
  offlineChoice,
  readModelChoice,
  saveModelChoice,
  startupModel,
  type ModelChoice,
} from './model-choice';

/** A model picked that must be downloaded first: asked about before a byte is fetched. */
export type PendingDownload =
  | { kind: 'confirm'; spec: ModelSpec; plan: LoadPlan; size: DownloadSize | null }
  | { kind: 'offline'; spec: ModelSpec };

// transformers.js keeps downloaded models in this Cache Storage cache (the bundled model has its own).
const DOWNLOADS_CACHE = modelCacheNames('').downloads;

const browserStorage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);
const cacheStorage = () => (typeof caches === 'undefined' ? undefined : caches);

async function listDownloads(): Promise<DownloadedModel[]> {
  const storage = cacheStorage();
  if (!storage) return [];
  return downloadedModels(storage, DOWNLOADS_CACHE, MODELS).catch(() => []);
}

/**
 * The model picker's state: the model in use, what is downloaded, a download waiting for a yes, the hub address.
 * `active` is what the worker loads (null until the page knows which model it may load without downloading
 * anything); `hubUrl` is where the next download comes from. A downloaded model always loads from the hub it came
 * from, so changing the address never starts a download by itself. `device` is the page's device preference: with
 * this browser's capabilities it says which dtype, and so which files, each model needs (the worker decides the same
 * way, with the same function).
 */
export function useModelChoice(device: DevicePreference) {
  const [saved] = useState(() => readModelChoice(browserStorage()));
  const [capabilities, setCapabilities] = useState<BrowserCapabilities | null>(null);
  const [active, setActive] = useState<ModelChoice | null>(null);
  const [hubUrl, setHub] = useState(saved.hubUrl);
  const [downloads, setDownloads] = useState<DownloadedModel[]>([]);
  const [pending, setPending] = useState<PendingDownload | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refreshDownloads = useCallback(async () => {
    const list = await listDownloads();
    setDownloads(list);
    return list;
  }, []);

  useEffect(() => {
    void detectCapabilities().then(setCapabilities);
  }, []);

  const planFor = useMemo<PlanFor | null>(
    () =>
      capabilities
        ? (spec) => {
            const { device: where, dtype } = chooseDevice(capabilities, device, spec);
            return { device: where, dtype };
          }
        : null,
    [capabilities, device],
  );

  useEffect(() => {
    if (!planFor) return;
    void listDownloads().then((list) => {
      setDownloads(list);
      const startup = startupModel(saved, list, planFor);
      setActive((current) => current ?? startup.choice);
      if (startup.notice) setNotice(startup.notice);
    });
  }, [saved, planFor]);

  const activate = useCallback(
    (choice: ModelChoice) => {
      setPending(null);
      setNotice(null);
      setActive(choice);
      saveModelChoice(browserStorage(), { modelId: choice.modelId, hubUrl });
    },
    [hubUrl],
  );

  const choose = useCallback(
    (modelId: string) => {
      if (!active || !planFor || modelId === active.modelId) return;
      const spec = chosenSpec({ modelId, hubUrl });
      const plan = planFor(spec);
      const offline = offlineChoice(modelId, hubUrl, downloads, plan.dtype);
      if (offline) {
        activate(offline);
        return;
      }
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        setPending({ kind: 'offline', spec });
        return;
      }
      setPending({ kind: 'confirm', spec, plan, size: null });
      void probeDownloadSize(hubUrl, spec, plan.dtype).then((size) =>
        setPending((current) =>
          current?.kind === 'confirm' && current.spec.id === spec.id ? { ...current, size } : current,
        ),
      );
    },
    [active, planFor, hubUrl, downloads, activate],
  );

  const confirmDownload = useCallback(() => {
    if (pending?.kind === 'confirm') activate({ modelId: pending.spec.id, hubUrl, download: true });
  }, [pending, hubUrl, activate]);

  const cancelDownload = useCallback(() => setPending(null), []);

  /** Saves another hub address for the next download; returns a message for a person when it is not one. */
  const setHubUrl = useCallback(
    (value: string): string | null => {
      const normalised = normaliseHubUrl(value);
      if (!normalised) return `"${value}" is not a web address (http:// or https://).`;
      setHub(normalised);
      // A download waiting for a yes was sized at the old address: ask again.
      setPending(null);
      saveModelChoice(browserStorage(), { modelId: active?.modelId ?? saved.modelId, hubUrl: normalised });
      return null;
    },
    [active, saved],
  );

  const remove = useCallback(
    async (modelId: string) => {
      const storage = cacheStorage();
      if (!storage || modelId === active?.modelId) return;
      await removeDownloadedModel(storage, DOWNLOADS_CACHE, modelId).catch(() => 0);
      await refreshDownloads();
    },
    [active, refreshDownloads],
  );

  return {
    active,
    /** Which dtype and device each model runs in here; null until this browser's capabilities are known. */
    planFor,
    hubUrl,
    downloads,
    pending,
    notice,
    choose,
    confirmDownload,
    cancelDownload,
    setHubUrl,
    remove,
    refreshDownloads,
  };
}

export type ModelChoiceState = ReturnType<typeof useModelChoice>;
