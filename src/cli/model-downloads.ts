import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { requiredModelFiles } from '../embedding/model-files';
import type { ModelDtype } from '../embedding/types';

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
