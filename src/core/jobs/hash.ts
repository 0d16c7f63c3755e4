import type { ModelKey } from './job';
import { TEXT_RECIPE_VERSION } from './text';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text` (Web Crypto: browsers, workers and Node 20). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Names everything a vector depends on except the text itself: `${modelId}|${dtype}|${maxTokens}|text-v2`.
 * Written to `raw.embedding_model` on export; two vectors are comparable only when these strings are equal.
 */
export function modelKeyString(key: ModelKey): string {
  return `${key.modelId}|${key.dtype}|${key.maxTokens}|text-v${TEXT_RECIPE_VERSION}`;
}

/** The cache key of the vector for `text` (the output of jobText) under `key`. */
export async function vectorCacheKey(key: ModelKey, text: string): Promise<string> {
  return `${modelKeyString(key)}|${await sha256Hex(text)}`;
}
