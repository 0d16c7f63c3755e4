import type { EmbedProgress } from './types';

/** Turns "n more texts are done" into done/total, texts per second and seconds left. */
export class EmbedRateMeter {
  private done = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  record(count: number): EmbedProgress {
    this.done = Math.min(this.total, this.done + count);
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.POSITIVE_INFINITY;
    return { done: this.done, total: this.total, rate, eta };
  }
}
