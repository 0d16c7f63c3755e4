import { describe, expect, it } from 'vitest';
import { foldLoadProgress, loadedFraction, type FilesProgress } from './load-progress';
import type { LoadProgress } from '../embedding/types';

describe('load progress', () => {
  it('adds up bytes across files as they load', () => {
    const events: LoadProgress[] = [
      { status: 'initiate', file: 'config.json' },
      { status: 'initiate', file: 'onnx/model_int8.onnx' },
      { status: 'progress', file: 'config.json', progress: 100, loaded: 100, total: 100 },
      { status: 'done', file: 'config.json' },
      { status: 'progress', file: 'onnx/model_int8.onnx', progress: 50, loaded: 150, total: 300 },
    ];
    const files = events.reduce<FilesProgress>(foldLoadProgress, {});
    expect(loadedFraction(files)).toBeCloseTo(250 / 400);
    const finished = foldLoadProgress(files, { status: 'done', file: 'onnx/model_int8.onnx' });
    expect(loadedFraction(finished)).toBe(1);
  });

  it('is zero before anything starts', () => {
    expect(loadedFraction({})).toBe(0);
  });
});
