/**
 * The sentence-transformers models CareerPilot Match can run: all-MiniLM-L6-v2, bundled with the app, and the
 * three alternatives the original script's docs name, which are opt-in downloads from the Hugging Face hub in
 * transformers.js layout (the Xenova/ copies). The list is closed on purpose: each entry's dimensions, word-piece
 * limit and pooling are known, so a vector's meaning never has to be guessed from a file.
 */
export type ModelArchitecture = 'bert' | 'mpnet' | 'xlm-roberta';

export interface ModelSpec {
  /** The hub repository in transformers.js layout; the id in every cache key, export and Supabase row. */
  id: string;
  /** sentence-transformers' name, as the original script's --model takes it. */
  name: string;
  /** One line for people: what it is good at and what it costs. */
  summary: string;
  architecture: ModelArchitecture;
  /** Numbers per vector. */
  dim: 384 | 768;
  /** sentence-transformers' max_seq_length: word pieces read per window, [CLS] and [SEP] included. */
  maxTokens: number;
  /** Shipped with the app (public/models/); the others are downloaded on request. */
  bundled: boolean;
  /**
   * True when the model has an int8 file that keeps parity with sentence-transformers (cosine >= 0.99, checked
   * by the parity tests): only the bundled W8A8 file. The hub's model_int8.onnx files quantise activations per
   * tensor, which measured a minimum cosine of 0.985 on all-MiniLM-L6-v2, so those models run fp32 on WASM.
   */
  hasInt8: boolean;
  /**
   * Approximate bytes of what is downloaded for each file set (config, tokenizer and one ONNX file), shown
   * before a download when the hub cannot be asked for exact sizes.
   */
  approxBytes: { fp32: number; fp16: number };
}

const MB = 1_000_000;

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    name: 'all-MiniLM-L6-v2',
    summary: 'English; fast; bundled with the app, nothing to download.',
    architecture: 'bert',
    dim: 384,
    maxTokens: 256,
    bundled: true,
    hasInt8: true,
    approxBytes: { fp32: 91 * MB, fp16: 46 * MB },
  },
  {
    id: 'Xenova/all-MiniLM-L12-v2',
    name: 'all-MiniLM-L12-v2',
    summary:
      'English; twice L6’s layers, so about twice as slow; reads 128 word pieces per window; not measured on our labelled postings, so scores come without match labels.',
    architecture: 'bert',
    dim: 384,
    maxTokens: 128,
    bundled: false,
    hasInt8: false,
    approxBytes: { fp32: 134 * MB, fp16: 68 * MB },
  },
  {
    id: 'Xenova/all-mpnet-base-v2',
    name: 'all-mpnet-base-v2',
    summary:
      'English; rated best of the four by sentence-transformers, but on our labelled postings it ranked no better than L6 (nDCG@10 0.88 against 0.93); about 12 times slower; 768-number vectors.',
    architecture: 'mpnet',
    dim: 768,
    maxTokens: 384,
    bundled: false,
    hasInt8: false,
    approxBytes: { fp32: 439 * MB, fp16: 220 * MB },
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    name: 'paraphrase-multilingual-MiniLM-L12-v2',
    summary:
      '50+ languages, for resumes and postings not in English; reads 128 word pieces per window; not measured on our labelled postings, so scores come without match labels.',
    architecture: 'xlm-roberta',
    dim: 384,
    maxTokens: 128,
    bundled: false,
    hasInt8: false,
    approxBytes: { fp32: 488 * MB, fp16: 253 * MB },
  },
];

export const BUNDLED_MODEL: ModelSpec = MODELS.find((model) => model.bundled) as ModelSpec;

/** The spec for a model id (`Xenova/...`), or undefined for any model not in the list. */
export function modelSpec(modelId: string): ModelSpec | undefined {
  return MODELS.find((model) => model.id === modelId);
}

/**
 * The model a person named: its sentence-transformers name, with or without `sentence-transformers/`, or its
 * id (`Xenova/...`), in any letter case. Undefined for anything else.
 */
export function findModelByName(name: string): ModelSpec | undefined {
  const wanted = name.trim().toLowerCase();
  return MODELS.find(
    (model) =>
      wanted === model.name.toLowerCase() ||
      wanted === `sentence-transformers/${model.name}`.toLowerCase() ||
      wanted === model.id.toLowerCase(),
  );
}

/** Numbers per vector for a model id, or undefined for a model not in the list (its vectors are never used). */
export const modelDim = (modelId: string): number | undefined => modelSpec(modelId)?.dim;

/** Every dimension a known model gives, for checks on vectors read from files. */
export const KNOWN_DIMS: readonly number[] = [...new Set(MODELS.map((model) => model.dim))];

/** The model id in a model key string (`${modelId}|${dtype}|${maxTokens}|text-vN`). */
export const modelIdOfKey = (key: string): string => key.split('|')[0] ?? '';

/** Numbers per vector for a model the app runs; a model outside the list here is a programming error. */
export function dimOf(modelId: string): number {
  const dim = modelDim(modelId);
  if (dim === undefined) throw new Error(`dimOf: ${modelId} is not one of the models CareerPilot Match runs`);
  return dim;
}
