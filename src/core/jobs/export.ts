import { isUsableVector } from '../vector-check';
import { dimOf } from '../models';
import { modelKeyString, sha256Hex } from './hash';
import type { Job, ModelKey } from './job';
import { jobText } from './text';

const EMBEDDING_KEYS = ['embedding', 'embedding_model', 'embedding_content_hash'] as const;

/**
 * Writes jobs_vectors.json: the uploaded records in the given order, each exactly as uploaded (every key,
 * in its order) with three keys set inside `raw`:
 * - `embedding`: the vector on one line, each number written with 8 or 9 significant digits, enough to
 *   read back the same float32;
 * - `embedding_model`: modelKeyString(key), naming model id, dtype, max tokens and text recipe;
 * - `embedding_content_hash`: SHA-256 (hex) of jobText(job), the text the vector was made from.
 *
 * Keys already there are replaced where they stand; new ones go at the end of `raw`, and a flat record gets
 * a `raw` object at its end. A job with no vector is written without these three keys (any it carried
 * are removed, so no vector is ever paired with a text or model it was not made from). A `{ "jobs": [...] }`
 * wrapper is not kept: the file is always an array. Keys the upload could not keep (`__proto__` and the
 * like, see normalizeRecord) are not written back. Everything but the vectors is indented by 2 spaces.
 *
 * A vector that is not the model's count of finite numbers (384 or 768) is a programming error and throws.
 */
export async function exportJobsVectors(
  jobs: Job[],
  vectorFor: (job: Job) => ArrayLike<number> | undefined,
  key: ModelKey,
): Promise<string> {
  return (await exportJobsVectorsParts(jobs, vectorFor, key)).join('');
}

/**
 * The text of exportJobsVectors in pieces, for `new Blob(parts)`: 50,000 jobs make a few hundred MB of
 * JSON, close to the longest string a JavaScript engine will build.
 */
export async function exportJobsVectorsParts(
  jobs: Job[],
  vectorFor: (job: Job) => ArrayLike<number> | undefined,
  key: ModelKey,
): Promise<string[]> {
  const model = modelKeyString(key);
  const dim = dimOf(key.modelId);
  // Stands in for the vector so JSON.stringify can indent the rest; random, so no uploaded text contains it.
  const placeholder = `embedding-${randomHex()}`;
  const parts: string[] = [];
  for (let start = 0; start < jobs.length; start += HASH_BATCH) {
    const batch = jobs.slice(start, start + HASH_BATCH);
    const vectors = batch.map((job) => vectorFor(job));
    const hashes = await Promise.all(
      batch.map((job, index) => (vectors[index] === undefined ? undefined : sha256Hex(jobText(job)))),
    );
    batch.forEach((job, index) => {
      const vector = vectors[index];
      const hash = hashes[index];
      const added =
        vector === undefined || hash === undefined
          ? undefined
          : { embedding: placeholder, embedding_model: model, embedding_content_hash: hash };
      let text = JSON.stringify(withEmbedding(job.original, added), null, 2).replace(/\n/g, '\n  ');
      if (vector !== undefined) text = text.replace(`"${placeholder}"`, () => `[${numbersText(vector, job.id, dim)}]`);
      parts.push(start + index === 0 ? '[\n  ' : ',\n  ', text);
    });
  }
  parts.push(jobs.length === 0 ? '[]' : '\n]');
  return parts;
}

/** Web Crypto hashes asynchronously; a batch of digests in flight is several times faster than one at a time. */
const HASH_BATCH = 1000;

/**
 * The vector a job carried in from a jobs_vectors.json, when it was made by the same model setup
 * (modelKeyString) from the same text (SHA-256 of jobText) and is a usable sentence vector (the model's count of finite
 * numbers, unit length: normalizeRecord already refuses others, this checks again for a Job built any
 * other way); otherwise null and the job must be embedded.
 */
export async function reusableVector(job: Job, key: ModelKey): Promise<Float32Array | null> {
  const carried = job.carried;
  if (!carried || carried.model !== modelKeyString(key) || carried.contentHash === undefined) return null;
  if (!isUsableVector(carried.vector, dimOf(key.modelId))) return null;
  if (carried.contentHash !== (await sha256Hex(jobText(job)))) return null;
  return Float32Array.from(carried.vector);
}

function withEmbedding(original: Record<string, unknown>, added: Record<string, unknown> | undefined) {
  const rawValue = Object.hasOwn(original, 'raw') ? original.raw : undefined;
  const raw = typeof rawValue === 'object' && rawValue !== null && !Array.isArray(rawValue) ? rawValue : undefined;
  if (raw === undefined && added === undefined) return original;
  const newRaw = setKeys(raw === undefined ? {} : (raw as Record<string, unknown>), added);
  return setKeys(original, { raw: newRaw });
}

/**
 * A copy of `object` with `values` set: existing keys keep their place, new ones are appended; with
 * `values` undefined the embedding keys are removed. Object.fromEntries defines own properties, so no key
 * name can reach a prototype.
 */
function setKeys(object: Record<string, unknown>, values: Record<string, unknown> | undefined) {
  const entries = Object.entries(object)
    .filter(([name]) => values !== undefined || !(EMBEDDING_KEYS as readonly string[]).includes(name))
    .map(([name, value]): [string, unknown] => [name, values && Object.hasOwn(values, name) ? values[name] : value]);
  for (const [name, value] of Object.entries(values ?? {})) {
    if (!Object.hasOwn(object, name)) entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

function numbersText(vector: ArrayLike<number>, id: string, dim: number): string {
  if (vector.length !== dim) {
    throw new Error(`exportJobsVectors: the vector for job ${id} has ${vector.length} numbers, not ${dim}`);
  }
  return Array.from(vector, (value) => {
    if (!Number.isFinite(value)) throw new Error(`exportJobsVectors: the vector for job ${id} holds ${value}`);
    return String(shortestFloat32(value));
  }).join(',');
}

function randomHex(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A short decimal that reads back as the same float32, so a round trip loses nothing: 8 significant
 * digits nearly always do, 9 always do. (Searching from 6 digits up saves a few bytes at twice the time.)
 */
function shortestFloat32(value: number): number {
  const single = Math.fround(value);
  const candidate = Number(single.toPrecision(8));
  return Math.fround(candidate) === single ? candidate : Number(single.toPrecision(9));
}
