import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL } from '../models';
import { calibrationFor } from './calibration';
import { scoreBand } from './score-bands';

describe('scoreBand', () => {
  it('reads a similarity as strong, fair or weak at the calibrated edges', () => {
    const bands = { strong: 0.65, fair: 0.5 };
    expect(scoreBand(0.9, bands)).toBe('strong');
    expect(scoreBand(bands.strong, bands)).toBe('strong');
    expect(scoreBand(bands.strong - 0.001, bands)).toBe('fair');
    expect(scoreBand(bands.fair, bands)).toBe('fair');
    expect(scoreBand(bands.fair - 0.001, bands)).toBe('weak');
    expect(scoreBand(-0.3, bands)).toBe('weak');
  });
});

describe('calibrationFor', () => {
  it('has bands and requirement thresholds for the bundled model, read off the dev set', () => {
    expect(calibrationFor(BUNDLED_MODEL.id)).toMatchObject({
      bands: { strong: 0.65, fair: 0.5 },
      requirements: { met: 0.55, partly: 0.45 },
    });
  });

  it('has none for a model whose real weights were never run on the dev set: no band is drawn for it', () => {
    expect(calibrationFor('Xenova/all-MiniLM-L12-v2')).toBeNull();
    expect(calibrationFor('Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toBeNull();
  });
});
