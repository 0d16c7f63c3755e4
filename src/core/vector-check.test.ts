import { EMBEDDING_DIM } from './vectors';
import { describe, expect, it } from 'vitest';
import { isUsableVector, vectorProblem } from './vector-check';
import { l2Normalize } from './vectors';

const unit = () => l2Normalize(Array.from({ length: 384 }, (_, i) => Math.sin(i + 1)));

describe('vectorProblem', () => {
  it('accepts a unit vector of 384 numbers', () => {
    expect(vectorProblem(unit(), EMBEDDING_DIM)).toBeNull();
    expect(isUsableVector(unit(), EMBEDDING_DIM)).toBe(true);
  });

  it('refuses a vector 50x too long, which would show similarity 31.57', () => {
    const forged = unit().map((value) => value * 50);
    expect(vectorProblem(forged, EMBEDDING_DIM)).toMatch(/length 50\.00, not 1/);
  });

  it('refuses a zero vector', () => {
    expect(vectorProblem(new Float32Array(384), EMBEDDING_DIM)).toBe('is all zeros');
  });

  it('refuses the wrong size and non-finite numbers, saying where', () => {
    expect(vectorProblem(new Float32Array(383), EMBEDDING_DIM)).toBe('has 383 numbers, not 384');
    const withNaN = unit();
    withNaN[7] = Number.NaN;
    expect(vectorProblem(withNaN, EMBEDDING_DIM)).toBe('holds NaN at position 8');
    expect(vectorProblem([...unit().slice(0, 383), 'x'], EMBEDDING_DIM)).toBe('holds x at position 384');
  });

  it('tolerates the rounding of a float32 round trip', () => {
    const rounded = Array.from(unit(), (value) => Number(value.toPrecision(8)));
    expect(vectorProblem(rounded, EMBEDDING_DIM)).toBeNull();
  });
});
