import { BUNDLED_MODEL, modelSpec, type ModelSpec } from '../../core/models';
import { DEFAULT_HUB_URL } from '../../embedding/types';
import type { DownloadedModel } from '../../embedding/model-downloads';

/** The model a person picked and where downloads come from; kept in this browser between visits. */
export interface ModelChoice {
  modelId: string;
  hubUrl: string;
}

export const DEFAULT_MODEL_CHOICE: ModelChoice = { modelId: BUNDLED_MODEL.id, hubUrl: DEFAULT_HUB_URL };

const STORAGE_KEY = 'careerpilot-model-choice';

/** Minimal Storage, so tests pass a Map-backed one. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The hub address as typed, made a URL ending in `/`; null for anything but http(s). A mirror with the hub's layout
 * (a company proxy, hf-mirror) works too.
 */
export function normaliseHubUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    return null;
  }
}

/** The saved choice; an unknown model or a broken entry falls back to the bundled model and the default hub. */
export function readModelChoice(storage: ChoiceStorage | undefined): ModelChoice {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<ModelChoice> | null;
    const modelId = typeof saved?.modelId === 'string' && modelSpec(saved.modelId) ? saved.modelId : BUNDLED_MODEL.id;
    const hubUrl = (typeof saved?.hubUrl === 'string' && normaliseHubUrl(saved.hubUrl)) || DEFAULT_HUB_URL;
    return { modelId, hubUrl };
  } catch {
    return DEFAULT_MODEL_CHOICE;
  }
}

/** Saves the choice; a browser that refuses (private mode, quota) only loses it at the next visit. */
export function saveModelChoice(storage: ChoiceStorage | undefined, choice: ModelChoice): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Nothing to do: the choice still applies to this visit.
  }
}

/** The spec of the chosen model (the bundled one for an id that is not in the list). */
export const chosenSpec = (choice: ModelChoice): ModelSpec => modelSpec(choice.modelId) ?? BUNDLED_MODEL;

/** The host of a hub address, as people read it ("huggingface.co"). */
export function hubHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A byte count for people: "439 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * How to load a model without downloading anything: the bundled one from the app, a downloaded one from the hub it
 * came from (its files are cached under that address); null when it would need a download.
 */
export function offlineChoice(
  modelId: string,
  hubUrl: string,
  downloads: readonly DownloadedModel[],
): ModelChoice | null {
  if (modelSpec(modelId)?.bundled === true) return { modelId, hubUrl };
  const downloaded = downloads.find((model) => model.modelId === modelId && model.complete.length > 0);
  return downloaded ? { modelId, hubUrl: downloaded.hubUrl } : null;
}

/**
 * The model to load when the page opens. A downloaded model whose files are gone (removed, or evicted by the browser)
 * is never downloaded again without asking: the bundled model runs instead, and `notice` says why.
 */
export function startupModel(
  saved: ModelChoice,
  downloads: readonly DownloadedModel[],
): { choice: ModelChoice; notice?: string } {
  const offline = offlineChoice(saved.modelId, saved.hubUrl, downloads);
  if (offline) return { choice: offline };
  const spec = chosenSpec(saved);
  return {
    choice: { ...saved, modelId: BUNDLED_MODEL.id },
    notice: `${spec.name} is no longer downloaded in this browser, so ${BUNDLED_MODEL.name} is used. Choose ${spec.name} again to download it.`,
  };
}
