import type { ModelKey } from '../../core/jobs/job';
import { packChunks, splitPassages } from '../../core/rank/profile-chunks';
import type { EmbedderError, Result } from '../../embedding/types';
import type { LocalStore } from '../../storage/local-store';
import { embedWithCache, type EmbedFunction } from './embed-with-cache';

/** Room for [CLS] and [SEP] inside the model's 256 word pieces. */
const CHUNK_TOKENS = 254;

export interface ProfileVectors {
  /** Sentences and bullet lines: the "why" shown with each job is the passage that matched it best. */
  passages: string[];
  passageVectors: Float32Array;
  /** Passages packed into chunks the model reads whole: these score the jobs. */
  chunks: string[];
  chunkVectors: Float32Array;
}

export type CountTokens = (texts: string[]) => Promise<Result<number[]>>;

/**
 * Embeds a profile of any length without cutting it: long profiles become several chunks of at most 254
 * word pieces (see rank.ts for how chunks are combined). Vectors are cached like job vectors.
 */
export async function embedProfile(
  profile: string,
  key: ModelKey,
  store: LocalStore,
  embed: EmbedFunction,
  countTokens: CountTokens,
): Promise<Result<ProfileVectors>> {
  const rawPassages = splitPassages(profile);
  if (rawPassages.length === 0) {
    return { ok: false, error: { code: 'invalid-text', message: 'Your profile is empty: paste a profile or resume.' } };
  }
  const counts = await countTokens(rawPassages);
  if (!counts.ok) return counts;
  const withoutSpecials = counts.value.map((count) => Math.max(0, count - 2));
  // A single passage over the limit is cut too, so every passage is read whole.
  const passages = rawPassages.flatMap((passage, index) =>
    packChunks([passage], [withoutSpecials[index] as number], CHUNK_TOKENS),
  );
  const chunks = packChunks(rawPassages, withoutSpecials, CHUNK_TOKENS);
  const run = await embedWithCache([...chunks, ...passages], key, store, embed);
  if (run.error) return { ok: false, error: run.error as EmbedderError };
  const dim = run.vectors.length / (chunks.length + passages.length);
  return {
    ok: true,
    value: {
      chunks,
      chunkVectors: run.vectors.slice(0, chunks.length * dim),
      passages,
      passageVectors: run.vectors.slice(chunks.length * dim),
    },
  };
}
