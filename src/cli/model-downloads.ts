import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { normaliseHubUrl } from '../embedding/model-downloads';
import { requiredModelFiles } from '../embedding/model-files';
import { DEFAULT_HUB_URL, type ModelDtype } from '../embedding/types';
import { describeError, usageFailure } from './failure';

/**
 * Where the CLI keeps models it downloaded: CAREERPILOT_MODELS_DIR, else careerpilot-match/models in the user's
 * cache folder (XDG_CACHE_HOME or ~/.cache). Outside node_modules, so `npm ci` never deletes them.
 */
export function modelDownloadsDir(
  env: Partial<Record<'CAREERPILOT_MODELS_DIR' | 'XDG_CACHE_HOME' | 'HOME', string>>,
): string {
  if (env.CAREERPILOT_MODELS_DIR?.trim()) return env.CAREERPILOT_MODELS_DIR.trim();
  const cacheHome = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(cacheHome, 'careerpilot-match', 'models');
}

/** Whether every file the model needs in this dtype is already in the downloads folder. */
export async function downloadedModelPresent(dir: string, modelId: string, dtype: ModelDtype): Promise<boolean> {
  const checks = requiredModelFiles(dtype).map((file) => access(join(dir, modelId, file)).then(() => true));
  return Promise.all(checks).then(
    (found) => found.every(Boolean),
    () => false,
  );
}

/** The hub downloads come from: HF_ENDPOINT (as huggingface_hub reads it) when set, else huggingface.co. */
export function hubFromEnv(env: Partial<Record<'HF_ENDPOINT', string>>): string {
  const value = env.HF_ENDPOINT?.trim();
  if (!value) return DEFAULT_HUB_URL;
  const hub = normaliseHubUrl(value);
  if (!hub) {
    throw usageFailure(
      `HF_ENDPOINT is "${value}", not a web address (http:// or https://): set it to the hub or a mirror with its layout, or unset it to download from ${DEFAULT_HUB_URL}.`,
      'HF_ENDPOINT',
    );
  }
  return hub;
}

/**
 * Makes the downloads folder one level at a time (Node's recursive mkdir spins forever where mkdir answers ENOENT
 * under an existing parent, as in /proc), or says why it cannot hold models, before anything is downloaded.
 */
export async function ensureDownloadsDir(dir: string): Promise<void> {
  const folder = resolve(dir);
  const missing: string[] = [];
  let existing = folder;
  while (
    !(await stat(existing).then(
      () => true,
      () => false,
    ))
  ) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  try {
    for (const level of missing) await mkdir(level);
    await access(folder, constants.W_OK);
  } catch (error) {
    throw usageFailure(
      `Cannot keep downloaded models in ${dir} (${describeError(error)}): set CAREERPILOT_MODELS_DIR to a folder you can write.`,
      'CAREERPILOT_MODELS_DIR',
    );
  }
}

/**
 * A --model folder must hold every file transformers.js reads for this dtype: naming the first one missing beats
 * ONNX Runtime's words for it.
 */
export async function checkModelFolder(folder: string, dtype: ModelDtype): Promise<void> {
  const files = requiredModelFiles(dtype);
  for (const file of files) {
    const found = await stat(join(folder, file)).then(
      (info) => info.isFile() && info.size > 0,
      () => false,
    );
    if (!found) {
      throw usageFailure(
        `${folder} has no ${file}${file.startsWith('onnx/') ? ` (the ${dtype} model)` : ''}: a model folder in transformers.js layout holds ${files.join(', ')}.`,
        '--model',
      );
    }
  }
}
