import type { ModelKey } from '../core/jobs/job';
import { packChunks, splitPassages } from '../core/rank/profile-chunks';
import { failed, type Result } from '../core/user-error';
import type { EmbedProgress } from '../embedding/types';
import type { LocalStore } from '../storage/local-store';
import { windowTokens } from '../core/windows';
import { embedWithCache, type EmbedFunction } from './embed-with-cache';

/**
 * The longest profile read, in characters: about 25 pages of resume, read in well under a minute on WASM.
 * Past it the text stays in the box, untouched, and nothing is ranked until it is shortened; a 1 MB paste
 * would otherwise keep the model busy for minutes.
 */
export const PROFILE_CHAR_LIMIT = 60_000;

export interface ProfileVectors {
  /** Sentences and bullet lines: the "why" shown with each job is the passage that matched it best. */
  passages: string[];
  passageVectors: Float32Array;
  /** Passages packed into chunks the model reads whole: these score the jobs. */
  chunks: string[];
  chunkVectors: Float32Array;
  /** Cache keys of the chunk and passage vectors: kept in use while this profile is. */
  cacheKeys: string[];
}

export type CountTokens = (texts: string[]) => Promise<Result<number[]>>;

export interface ProfileRunOptions {
  /** Aborting stops the worker mid-call (the person pressed Cancel). */
  signal?: AbortSignal;
  /** Asked between model calls: true stops the read there (the text changed again). */
  shouldStop?: () => boolean;
  onProgress?: (progress: EmbedProgress) => void;
  /**
   * The chunk vectors, as soon as they are read and before the passages are: enough to rank the jobs, so the
   * first results do not wait for the reasons.
   */
  onChunks?: (chunks: string[], chunkVectors: Float32Array) => void;
}

export function profileTooLong(profile: string): string | null {
  if (profile.length <= PROFILE_CHAR_LIMIT) return null;
  return `Your profile is ${profile.length.toLocaleString('en-US')} characters, more than the ${PROFILE_CHAR_LIMIT.toLocaleString('en-US')} this app reads (about 25 pages). Shorten it to your resume's text; nothing is ranked until then.`;
}

/**
 * Embeds a profile of any length up to PROFILE_CHAR_LIMIT without cutting it: long profiles become several
 * chunks of at most the model's window (254 word pieces for all-MiniLM-L6-v2) (see rank.ts for how chunks are combined). Vectors are cached like job
 * vectors.
 */
export async function embedProfile(
  profile: string,
  key: ModelKey,
  store: LocalStore,
  embed: EmbedFunction,
  countTokens: CountTokens,
  options: ProfileRunOptions = {},
): Promise<Result<ProfileVectors>> {
  const tooLong = profileTooLong(profile);
  if (tooLong) return failed('profile-too-long', tooLong, { field: 'profile' });
  const chunkTokens = windowTokens(key.maxTokens);
  const rawPassages = splitPassages(profile);
  if (rawPassages.length === 0) {
    return failed('invalid-text', 'Your profile is empty: paste a profile or resume.', { field: 'profile' });
  }
  // A word piece covers at least one character other than a space, so a profile with no more such characters
  // than a chunk holds is one chunk whatever the tokenizer says: the round trip to count them is skipped.
  const upperBounds = rawPassages.map((passage) => passage.replace(/\s/g, '').length);
  let withoutSpecials = upperBounds;
  if (upperBounds.reduce((sum, count) => sum + count, 0) > chunkTokens) {
    const counts = await countTokens(rawPassages);
    if (!counts.ok) return counts;
    withoutSpecials = counts.value.map((count) => Math.max(0, count - 2));
  }
  if (options.signal?.aborted) return failed('cancelled', 'Reading your profile was cancelled.');
  // A single passage over the limit is cut too, so every passage is read whole.
  const passages = rawPassages.flatMap((passage, index) =>
    packChunks([passage], [withoutSpecials[index] as number], chunkTokens),
  );
  const chunks = packChunks(rawPassages, withoutSpecials, chunkTokens);
  const cacheOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let chunksSent = false;
  const chunkRun = await embedWithCache(chunks, key, store, embed, {
    ...cacheOptions,
    // Every chunk has its vector: rank now, before the write to the cache finishes.
    onBatch: (run) => {
      if (chunksSent || run.present.some((present) => !present)) return;
      chunksSent = true;
      options.onChunks?.(chunks, run.vectors);
    },
  });
  if (chunkRun.error) return { ok: false, error: chunkRun.error };
  // A short profile's only passage is its only chunk: the second run finds it in the cache.
  const passageRun = await embedWithCache(passages, key, store, embed, cacheOptions);
  if (passageRun.error) return { ok: false, error: passageRun.error };
  return {
    ok: true,
    value: {
      chunks,
      chunkVectors: chunkRun.vectors,
      passages,
      passageVectors: passageRun.vectors,
      cacheKeys: [...chunkRun.keys, ...passageRun.keys],
    },
  };
}
