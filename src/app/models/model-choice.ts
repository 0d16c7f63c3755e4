import { BUNDLED_MODEL, modelSpec, type ModelSpec } from '../../core/models';
import { DEFAULT_HUB_URL, DEVICE_NAMES, type Device, type ModelDtype } from '../../embedding/types';
import { normaliseHubUrl, type DownloadedModel } from '../../embedding/model-downloads';

/** The model a person picked and where downloads come from; kept in this browser between visits. */
export interface ModelChoice {
  modelId: string;
  hubUrl: string;
  /**
   * The person has just said yes to downloading it (never saved: after a reload a model loads only from what is
   * already in this browser).
   */
  download?: boolean;
}

/** Where and in which dtype this browser runs a model (device-choice.ts): which files it needs. */
export interface LoadPlan {
  device: Device;
  dtype: ModelDtype;
}

export type PlanFor = (spec: ModelSpec) => LoadPlan;

/** "fp16 for WebGPU". */
export const planWords = (plan: LoadPlan): string => `${plan.dtype} for ${DEVICE_NAMES[plan.device]}`;

export const DEFAULT_MODEL_CHOICE: ModelChoice = { modelId: BUNDLED_MODEL.id, hubUrl: DEFAULT_HUB_URL };

const STORAGE_KEY = 'careerpilot-model-choice';

/** Minimal Storage, so tests pass a Map-backed one. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

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
    storage?.setItem(STORAGE_KEY, JSON.stringify({ modelId: choice.modelId, hubUrl: choice.hubUrl }));
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
 * came from (its files are cached under that address); null when it would need a download. Downloaded means every
 * file of the dtype this browser runs it in (`dtype`): a model downloaded in fp32 for WASM still needs its fp16
 * file on a WebGPU with shader-f16.
 */
export function offlineChoice(
  modelId: string,
  hubUrl: string,
  downloads: readonly DownloadedModel[],
  dtype: ModelDtype,
): ModelChoice | null {
  if (modelSpec(modelId)?.bundled === true) return { modelId, hubUrl };
  const downloaded = downloads.find((model) => model.modelId === modelId && model.complete.includes(dtype));
  return downloaded ? { modelId, hubUrl: downloaded.hubUrl } : null;
}

/**
 * The model to load when the page opens. A downloaded model whose files are gone (removed, or evicted by the browser)
 * or were downloaded for another dtype is never downloaded without asking: the bundled model runs instead, and
 * `notice` says why.
 */
export function startupModel(
  saved: ModelChoice,
  downloads: readonly DownloadedModel[],
  planFor: PlanFor,
): { choice: ModelChoice; notice?: string } {
  const spec = chosenSpec(saved);
  const plan = planFor(spec);
  const offline = offlineChoice(saved.modelId, saved.hubUrl, downloads, plan.dtype);
  if (offline) return { choice: offline };
  const other = downloads.find((model) => model.modelId === spec.id)?.complete[0];
  const why = other
    ? `${spec.name} was downloaded in ${other}, but this browser runs it in ${planWords(plan)}, whose files are not downloaded`
    : `${spec.name} is no longer downloaded in this browser`;
  return {
    choice: { modelId: BUNDLED_MODEL.id, hubUrl: saved.hubUrl },
    notice: `${why}, so ${BUNDLED_MODEL.name} is used. Choose ${spec.name} again to download ${other ? 'them' : 'it'}.`,
  };
}
