import type { UserError } from '../user-error';

/** A job posting as the app uses it, normalised from any accepted input form. */
export interface Job {
  /** From the file, or derived from the content (stable across uploads) when the record has none. */
  id: string;
  title: string;
  company: string;
  location: string;
  description: string;
  requirements: string[];
  /** 1-based position of the record in the file it came from, for messages. */
  record: number;
  /**
   * The record exactly as uploaded (every field, in its original order), rebuilt as plain objects so no
   * `__proto__`/`constructor` key can pollute anything. Export writes it back with the embedding added.
   */
  original: Record<string, unknown>;
  /** A vector the file already carried (`raw.embedding` of a jobs_vectors.json), with its model key and hash. */
  carried?: CarriedEmbedding;
}

export interface CarriedEmbedding {
  vector: number[];
  /** `raw.embedding_model` as written by export (see modelKeyString). */
  model: string;
  /** `raw.embedding_content_hash`: SHA-256 of the embedded text, when present. */
  contentHash?: string;
}

/**
 * A note about one record, in words for a person: which record, which field, what is wrong. A list of them
 * comes with a good parse (records left out, fields dropped, vectors not used); it is not an error.
 */
export interface RecordProblem {
  record: number;
  field: string;
  message: string;
}

export type JobsFileFormat = 'json' | 'jsonl' | 'csv';

/** A file nothing could be made of is an error (with `where.file`); a usable one may still carry notes. */
export type ParseOutcome =
  { ok: true; format: JobsFileFormat; jobs: Job[]; problems: RecordProblem[] } | { ok: false; error: UserError };

/** What a vector was made with; two vectors are comparable only when every part is equal. */
export interface ModelKey {
  modelId: string;
  dtype: string;
  maxTokens: number;
}
