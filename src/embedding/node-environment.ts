import { readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEnvironment } from './engine';
import type { ModelFileRead } from './model-files';

/** The bundled models, as shipped with the app (public/models/). */
export const BUNDLED_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'models');

/**
 * The engine's environment in Node: models read from a folder, the native ONNX runtime; models downloaded from the
 * hub are kept in `downloadsDir` (transformers.js's own cache layout: `<dir>/<model id>/<file>`).
 */
export function nodeEnvironment(modelsDir: string = BUNDLED_MODELS_DIR, downloadsDir?: string): EngineEnvironment {
  return {
    localModelPath: modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`,
    readModelFile: (modelId) => (file) => readFrom(resolve(modelsDir, modelId, file)),
    ...(downloadsDir
      ? {
          downloadsDir,
          // transformers.js keeps a download at {cacheDir}/{model id}/{file}, whichever hub it came from.
          readDownloadedFile: (modelId: string) => (file: string) => readFrom(resolve(downloadsDir, modelId, file)),
          discardDownloadedFile: (modelId: string, file: string) =>
            rm(resolve(downloadsDir, modelId, file), { force: true }),
        }
      : {}),
  };
}

async function readFrom(path: string): Promise<ModelFileRead> {
  try {
    return { found: true, bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { found: false, status: `${code}: ${path}`, bytes: new Uint8Array() };
  }
}
