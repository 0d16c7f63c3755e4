import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock, watchSilence, type Clock } from './watchdog';

/** A clock whose time the test sets and whose timers fire only when the test says. */
function handClock() {
  let time = 0;
  const timers = new Map<number, { due: number; callback: () => void }>();
  let nextId = 1;
  const clock: Clock = {
    now: () => time,
    setTimeout: (callback, ms) => {
      timers.set(nextId, { due: time + ms, callback });
      return nextId++;
    },
    clearTimeout: (timer) => void timers.delete(timer as number),
  };
  return {
    clock,
    timers,
    /** Fires the timers due by `to`, each at its own time, then moves time to `to`. */
    runUntil(to: number) {
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.due <= to).sort((a, b) => a[1].due - b[1].due)[0];
        if (!due) break;
        timers.delete(due[0]);
        time = Math.max(time, due[1].due);
        due[1].callback();
      }
      time = to;
    },
    /** The page was frozen until `to`: time jumps, and the overdue timers fire only afterwards. */
    sleepUntil(to: number) {
      time = to;
      this.runUntil(to);
    },
  };
}

describe('watchSilence', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a silence once it has lasted the limit', () => {
    const hand = handClock();
    const onSilent = vi.fn();
    watchSilence(hand.clock, () => 1_000, onSilent);
    hand.runUntil(999);
    expect(onSilent).not.toHaveBeenCalled();
    hand.runUntil(1_000);
    expect(onSilent).toHaveBeenCalledExactlyOnceWith(1_000);
    hand.runUntil(10_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    expect(hand.timers.size).toBe(0);
  });

  it('each beat starts the silence again and returns the gap since the previous one', () => {
    const hand = handClock();
    const onSilent = vi.fn();
    const watchdog = watchSilence(hand.clock, () => 1_000, onSilent);
    hand.runUntil(800);
    expect(watchdog.beat()).toBe(800);
    hand.runUntil(1_700);
    expect(watchdog.beat()).toBe(900);
    hand.runUntil(2_699);
    expect(onSilent).not.toHaveBeenCalled();
    hand.runUntil(2_700);
    expect(onSilent).toHaveBeenCalledExactlyOnceWith(1_000);
    // One timer at a time, however many beats.
    expect(hand.timers.size).toBe(0);
  });

  it('reads the limit again when its timer fires, so a limit that grew is honoured', () => {
    const hand = handClock();
    const onSilent = vi.fn();
    let limit = 1_000;
    watchSilence(hand.clock, () => limit, onSilent);
    hand.runUntil(500);
    limit = 5_000;
    hand.runUntil(4_999);
    expect(onSilent).not.toHaveBeenCalled();
    hand.runUntil(5_000);
    expect(onSilent).toHaveBeenCalledExactlyOnceWith(5_000);
  });

  it('stop() ends the watch: no report, no timer left', () => {
    const hand = handClock();
    const onSilent = vi.fn();
    const watchdog = watchSilence(hand.clock, () => 1_000, onSilent);
    watchdog.stop();
    expect(hand.timers.size).toBe(0);
    hand.runUntil(10_000);
    expect(onSilent).not.toHaveBeenCalled();
  });

  it('a timer that fires more than a limit late (the machine slept) gives the worker a full limit from then', () => {
    const hand = handClock();
    const onSilent = vi.fn();
    watchSilence(hand.clock, () => 1_000, onSilent);
    hand.sleepUntil(60_000);
    expect(onSilent).not.toHaveBeenCalled();
    hand.runUntil(60_999);
    expect(onSilent).not.toHaveBeenCalled();
    hand.runUntil(61_000);
    expect(onSilent).toHaveBeenCalledExactlyOnceWith(1_000);
  });

  it('runs on the system clock', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const onSilent = vi.fn();
    const watchdog = watchSilence(systemClock, () => 1_000, onSilent);
    vi.advanceTimersByTime(600);
    watchdog.beat();
    vi.advanceTimersByTime(999);
    expect(onSilent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onSilent).toHaveBeenCalledExactlyOnceWith(1_000);
  });
});
