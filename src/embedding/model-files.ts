import type { ModelDtype } from './types';

/** What reading one model file gave: enough to tell a missing, an HTML or a truncated file apart. */
export interface ModelFileRead {
  found: boolean;
  /** e.g. "404 Not Found" or "ENOENT", when not found. */
  status?: string;
  contentType?: string;
  bytes: Uint8Array;
}

export type ModelFileReader = (file: string) => Promise<ModelFileRead>;

export interface ModelFileProblem {
  file: string;
  reason: string;
}

const ONNX_SUFFIX: Record<ModelDtype, string> = { int8: '_int8', fp16: '_fp16', fp32: '' };

export function onnxFileFor(dtype: ModelDtype): string {
  return `onnx/model${ONNX_SUFFIX[dtype]}.onnx`;
}

/** Every file transformers.js reads to build the feature-extraction pipeline, in load order. */
export function requiredModelFiles(dtype: ModelDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

/**
 * Looks at each model file to say which one broke a load and why; transformers.js and ONNX Runtime
 * report failures without naming the file. Returns null when every file looks sound.
 */
export async function diagnoseModelFiles(files: string[], read: ModelFileReader): Promise<ModelFileProblem | null> {
  for (const file of files) {
    const problem = describeProblem(file, await read(file));
    if (problem) return { file, reason: problem };
  }
  return null;
}

function describeProblem(file: string, read: ModelFileRead): string | null {
  if (!read.found) return `is missing (${read.status ?? 'not found'})`;
  const head = new TextDecoder().decode(read.bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (read.contentType?.includes('text/html') || head.startsWith('<!doctype') || head.startsWith('<html')) {
    return 'is a web page, not the model file (the server answered with HTML)';
  }
  if (file.endsWith('.json')) {
    try {
      JSON.parse(new TextDecoder().decode(read.bytes));
    } catch (error) {
      return `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    }
    return null;
  }
  // An ONNX file is a protobuf ModelProto whose first field is ir_version (tag byte 0x08).
  if (read.bytes.length < 1024 || read.bytes[0] !== 0x08) {
    return `is not an ONNX model (${read.bytes.length} bytes, which do not start like one): it may be truncated or corrupt`;
  }
  return null;
}
