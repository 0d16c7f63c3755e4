import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One text embedded by sentence-transformers (bench/reference/make_reference.py). */
export interface ReferenceItem {
  id: string;
  kind: string;
  text: string;
  /** Word pieces with [CLS]/[SEP], before truncation at 256. */
  token_count: number;
  embedding: number[];
}

export interface ReferenceFixture {
  model: string;
  source: string;
  max_seq_length: number;
  dim: number;
  items: ReferenceItem[];
}

export const REFERENCE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'bench',
  'reference',
  'reference_vectors.json',
);

export function loadReferenceFixture(): ReferenceFixture {
  return JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as ReferenceFixture;
}
