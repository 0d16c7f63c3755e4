import { useCallback, useEffect, useRef, useState } from 'react';
import type { DevicePreference } from '../embedding/device-choice';
import type { EmbedCallOptions, EmbedOutcome } from '../embedding/client';
import type { EmbedderError, Result } from '../embedding/types';
import type { WorkerLoadOptions, WorkerLoadResult } from '../embedding/worker';
import { modelSpec } from '../core/models';
import type { ModelChoice } from './models/model-choice';
import { embedderClient } from './embedder-instance';
import { foldLoadProgress, type FilesProgress } from './load-progress';

const WARM_UP_TEXT = 'Warming up the model.';

const LOADING: ModelState = { phase: 'loading', files: {} };

export type ModelState =
  | { phase: 'loading'; files: FilesProgress }
  | { phase: 'ready'; loaded: WorkerLoadResult }
  | { phase: 'failed'; error: EmbedderError };

/**
 * The model in the worker, for components: its loading state, a retry, and embedding calls. `choice` null: nothing
 * is loaded yet (the page is still finding out which model it may load without a download).
 */
export function useEmbedder(device: DevicePreference, choice: ModelChoice | null) {
  const modelId = choice?.modelId;
  const hubUrl = choice?.hubUrl;
  const download = choice?.download === true;
  // The state names the load it belongs to: another model's (or device's) state reads as loading at once, so its
  // results go the moment a person switches (the matching session drops them when the engine is gone).
  const loadKey = modelId ? JSON.stringify([device, modelId, hubUrl, download]) : null;
  const [state, setState] = useState<{ key: string | null; model: ModelState }>({ key: null, model: LOADING });
  const model = state.key === loadKey ? state.model : LOADING;
  const attempt = useRef(0);

  // Loads the model; a newer attempt (a retry, a device or model change) makes older progress events stale.
  const load = useCallback(async () => {
    if (!modelId) return;
    const current = ++attempt.current;
    const key = JSON.stringify([device, modelId, hubUrl, download]);
    // Only a download the person has just said yes to reaches for the hub; any other load of a downloaded model reads
    // this browser's copy, cached under the hub's address (the worker refuses one whose files are not all there).
    const options: WorkerLoadOptions = modelSpec(modelId)?.bundled
      ? { device, modelId }
      : { device, modelId, allowRemote: download, ...(hubUrl ? { hubUrl } : {}) };
    const result = await embedderClient.load(options, (event) => {
      if (current !== attempt.current) return;
      setState((previous) => {
        if (previous.key !== key) return { key, model: { phase: 'loading', files: foldLoadProgress({}, event) } };
        // Progress events can arrive after the load's answer: a settled load stays settled.
        if (previous.model.phase !== 'loading') return previous;
        return { key, model: { phase: 'loading', files: foldLoadProgress(previous.model.files, event) } };
      });
    });
    if (current !== attempt.current) return;
    setState({
      key,
      model: result.ok ? { phase: 'ready', loaded: result.value } : { phase: 'failed', error: result.error },
    });
    // ONNX Runtime's first run on WASM takes ~160 ms against ~45 ms after it: pay it now, not when the person
    // has typed their profile and waits for results. (On a software GPU one text takes seconds: skipped there.)
    if (result.ok && result.value.info.device === 'wasm') void embedderClient.embed([WARM_UP_TEXT]);
  }, [device, modelId, hubUrl, download]);

  useEffect(() => {
    void load();
  }, [load]);

  const retry = useCallback(() => {
    setState({ key: loadKey, model: LOADING });
    void load();
  }, [load, loadKey]);

  const embed = useCallback(
    (texts: string[], options?: EmbedCallOptions): Promise<Result<EmbedOutcome>> =>
      embedderClient.embed(texts, options),
    [],
  );

  return { model, retry, embed };
}
