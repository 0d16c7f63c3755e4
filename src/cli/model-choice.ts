import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { findModelByName, MODELS, type ModelSpec } from '../core/models';

/** The model --model named: one of the list, read from the bundle, the download folder or a local folder. */
export interface ModelChoice {
  modelId: string;
  /** Absolute path of a folder holding the model in transformers.js layout, when --model gave a path. */
  localFolder?: string;
}

/** The models --model takes, for help and refusals. */
export function modelList(): string {
  return MODELS.map((model) => `${model.name}${model.bundled ? ' (bundled)' : ''}`).join(', ');
}

const looksLikePath = (value: string) => /[\\/]/.test(value) || value.startsWith('.') || value.startsWith('~');

/**
 * Which model a folder holds: its config.json's `_name_or_path` (written by transformers and sentence-transformers
 * when they save a model), else the folder's name, including the hub cache's `models--org--name` form.
 */
function identifyFolder(folder: string): ModelSpec | undefined {
  let nameOrPath: unknown;
  try {
    nameOrPath = (JSON.parse(readFileSync(resolve(folder, 'config.json'), 'utf8')) as Record<string, unknown>)
      ._name_or_path;
  } catch {
    throw new InvalidArgumentError(
      `${folder} has no readable config.json: it is not a model folder in transformers.js layout ` +
        '(config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx).',
    );
  }
  const fromConfig = typeof nameOrPath === 'string' ? findModelByName(nameOrPath) : undefined;
  const name = basename(folder)
    .replace(/^models--/, '')
    .replace(/--/g, '/');
  return fromConfig ?? findModelByName(name) ?? findModelByName(name.split('/').pop() ?? '');
}

/**
 * Reads --model: a model's sentence-transformers name (with or without `sentence-transformers/`), its `Xenova/` id,
 * or a path to a folder holding one of them. Anything else is refused with the list.
 */
export function parseModelChoice(value: string, cwd: string = process.cwd()): ModelChoice {
  const named = findModelByName(value);
  if (named) return { modelId: named.id };
  if (looksLikePath(value)) {
    const folder = resolve(cwd, value.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~'));
    const stat = statSync(folder, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      throw new InvalidArgumentError(
        `${folder} is not a folder. Give a model name (${modelList()}) or a model folder.`,
      );
    }
    const spec = identifyFolder(folder);
    if (!spec) {
      throw new InvalidArgumentError(
        `${folder} holds a model that is not one CareerPilot Match runs (its config.json's _name_or_path and the ` +
          `folder's name name none of ${modelList()}).`,
      );
    }
    return { modelId: spec.id, localFolder: folder };
  }
  throw new InvalidArgumentError(
    `${value.trim() || '(empty)'} is not a model CareerPilot Match runs. Choose one of ${modelList()} ` +
      '(also accepted with sentence-transformers/ before the name), or give the path of a folder holding one.',
  );
}
