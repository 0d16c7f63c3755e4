/** How the session waits: injectable, so Node tests run it without a browser and without real delays. */
export interface Scheduling {
  /** Runs `callback` before the next paint: the list is re-published at most once per frame. */
  frame(callback: () => void): void;
  /** Runs `callback` after `ms`; returns a cancel function. */
  after(ms: number, callback: () => void): () => void;
  /** Gives the event loop a turn between slices of long work (input, paint). */
  pause(): Promise<void>;
}

interface SchedulerYield {
  yield?: () => Promise<void>;
}

export const browserScheduling: Scheduling = {
  frame(callback) {
    // A hidden tab gets no animation frames; the timer keeps its state current for when it is shown.
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      callback();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
    setTimeout(once, 100);
  },
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
  pause() {
    const scheduler = (globalThis as { scheduler?: SchedulerYield }).scheduler;
    if (scheduler?.yield) return scheduler.yield();
    return new Promise((resolve) => setTimeout(resolve, 0));
  },
};
