import { readFileSync } from 'node:fs';
import { cosine } from '../../src/core/vectors';

/** What export_reference.py writes beside the exported folder: sentence-transformers' vectors for our dev texts. */
export interface RealModelReference {
  model: string;
  maxTokens: number;
  /** STS-B dev pairs: sentence, sentence, human score. */
  pairs: [string, string, string][];
  texts: string[];
  tokenCounts: number[];
  vectors: number[][];
}

export const readReference = (path: string): RealModelReference =>
  JSON.parse(readFileSync(path, 'utf8')) as RealModelReference;

/** The cosine of each of our vectors (rows of `ours`, for texts `indices`) with sentence-transformers'. */
export const cosinesToReference = (
  reference: RealModelReference,
  indices: readonly number[],
  ours: readonly ArrayLike<number>[],
): number[] =>
  indices.map((index, row) => cosine(reference.vectors[index] as number[], ours[row] as ArrayLike<number>));

/** Word pieces the model reads of these texts (each cut at its limit): the unit of speed across models. */
export const wordPiecesRead = (reference: RealModelReference, indices: readonly number[]): number =>
  indices.reduce((sum, index) => sum + Math.min(reference.tokenCounts[index] as number, reference.maxTokens), 0);

export const overLimit = (reference: RealModelReference, indices: readonly number[]): number =>
  indices.filter((index) => (reference.tokenCounts[index] as number) > reference.maxTokens).length;
