import { describe, expect, it } from 'vitest';
import { EmbedRateMeter } from './rate-meter';

describe('EmbedRateMeter', () => {
  it('reports done/total, texts per second and seconds left', () => {
    let now = 0;
    const meter = new EmbedRateMeter(100, () => now);
    now = 2000;
    expect(meter.record(40)).toEqual({ done: 40, total: 100, rate: 20, eta: 3 });
    now = 4000;
    expect(meter.record(60)).toEqual({ done: 100, total: 100, rate: 25, eta: 0 });
  });

  it('has no rate or time left before any time has passed', () => {
    const meter = new EmbedRateMeter(10, () => 0);
    expect(meter.record(1)).toMatchObject({ rate: 0, eta: Number.POSITIVE_INFINITY });
  });
});
