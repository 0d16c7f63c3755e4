/** Time as the embedding client sees it; injectable, so tests move a clock by hand instead of waiting. */
export interface Clock {
  /** Milliseconds on a monotonic scale (wall-clock changes must not look like silence). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export interface Watchdog {
  /** A sign of life: the silence starts again. Returns the milliseconds since the previous sign (or the start). */
  beat(): number;
  /** The watched call is over: no `onSilent` after this. */
  stop(): void;
}

/**
 * Calls `onSilent` once when `beat()` has not been called for `limitMs()` milliseconds. The limit is read
 * again each time the timer fires, so it may grow while the call runs. One timer at a time and none per
 * beat: a beat only notes the time, and a timer that finds a recent beat waits out the rest.
 */
export function watchSilence(clock: Clock, limitMs: () => number, onSilent: (silentMs: number) => void): Watchdog {
  let last = clock.now();
  let timer: unknown = null;
  let stopped = false;

  const arm = (delay: number) => {
    const dueAt = clock.now() + delay;
    timer = clock.setTimeout(() => check(dueAt), delay);
  };

  const check = (dueAt: number) => {
    timer = null;
    if (stopped) return;
    const now = clock.now();
    const limit = limitMs();
    // A timer that fires more than a whole limit late means this page was not running either (a laptop
    // asleep, a frozen tab): the worker's silence proves nothing yet, so it gets a full limit from now.
    if (now - dueAt > limit) last = now;
    const silent = now - last;
    if (silent < limit) {
      arm(limit - silent);
      return;
    }
    stopped = true;
    onSilent(silent);
  };

  arm(limitMs());
  return {
    beat() {
      const now = clock.now();
      const gap = now - last;
      last = now;
      return gap;
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
