import type { WindowsOfText } from './windows';

/** How far from 1 a vector's length may be: float32 rounding and 9-digit export stay far inside it. */
export const UNIT_LENGTH_TOLERANCE = 1e-3;

/**
 * Why `vector` cannot be used as a sentence vector, or null when it can: exactly `dim` finite numbers (the
 * model's dimensions) of unit length. Every vector that comes from outside the engine (a file, the cache, the CLI's input) passes here
 * first, so no score outside [-1, 1] and no zero vector ever reaches a ranking.
 */
export function vectorProblem(vector: ArrayLike<unknown>, dim: number): string | null {
  if (vector.length !== dim) return `has ${vector.length} numbers, not ${dim}`;
  let squares = 0;
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) return `holds ${String(value)} at position ${i + 1}`;
    squares += value * value;
  }
  const length = Math.sqrt(squares);
  if (Math.abs(length - 1) > UNIT_LENGTH_TOLERANCE) {
    return length === 0
      ? 'is all zeros'
      : `has length ${length.toPrecision(4)}, not 1 (a sentence vector is normalised to unit length)`;
  }
  return null;
}

export const isUsableVector = (vector: ArrayLike<unknown>, dim: number): boolean => vectorProblem(vector, dim) === null;

/**
 * Whether stored windows can be shown for a text of `textLength` characters: spans in order inside the text,
 * one usable vector per span.
 */
export function usableWindows(windows: WindowsOfText, textLength: number, dim: number): boolean {
  const count = windows.spans.length / 2;
  if (!Number.isInteger(count) || count < 1 || windows.vectors.length !== count * dim) return false;
  for (let window = 0; window < count; window++) {
    const start = windows.spans[window * 2] as number;
    const end = windows.spans[window * 2 + 1] as number;
    if (!(start < end && end <= textLength)) return false;
    if (!isUsableVector(windows.vectors.subarray(window * dim, (window + 1) * dim), dim)) return false;
  }
  return true;
}
