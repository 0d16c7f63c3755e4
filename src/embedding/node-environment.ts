import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineEnvironment } from './engine';
import type { ModelFileRead } from './model-files';

/** The bundled models, as shipped with the app (public/models/). */
export const BUNDLED_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public', 'models');

/** The engine's environment in Node: models read from a folder, the native ONNX runtime. */
export function nodeEnvironment(modelsDir: string = BUNDLED_MODELS_DIR): EngineEnvironment {
  return {
    localModelPath: modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`,
    readModelFile:
      (modelId) =>
      async (file): Promise<ModelFileRead> => {
        try {
          return { found: true, bytes: new Uint8Array(await readFile(join(modelsDir, modelId, file))) };
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
          return { found: false, status: `${code}: ${join(modelsDir, modelId, file)}`, bytes: new Uint8Array() };
        }
      },
  };
}
