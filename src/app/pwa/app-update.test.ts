import { describe, expect, it } from 'vitest';
import {
  createAppUpdate,
  TAKEOVER_TIMEOUT_MS,
  UPDATE_CHECK_INTERVAL_MS,
  UPDATE_FAILED_MESSAGE,
  type RegisterOptions,
} from './app-update';

/** A stand-in for vite-plugin-pwa's registerSW that lets a test play the service worker's part. */
function harness(options: { activate?: () => Promise<void>; online?: boolean; controlled?: boolean } = {}) {
  let callbacks: RegisterOptions = {};
  const changes: (() => void)[] = [];
  const serviceWorker = {
    controller: options.controlled ? {} : null,
    addEventListener: (_type: 'controllerchange', listener: () => void) => changes.push(listener),
  };
  let reloads = 0;
  const timers: { callback: () => void; ms: number; repeat: boolean }[] = [];
  const logged: string[] = [];
  let activations = 0;
  const update = createAppUpdate(
    (registerOptions) => {
      callbacks = registerOptions;
      return async () => {
        activations += 1;
        await options.activate?.();
      };
    },
    {
      serviceWorker,
      reloadPage: () => (reloads += 1),
      online: () => options.online ?? true,
      setInterval: (callback, ms) => timers.push({ callback, ms, repeat: true }),
      setTimeout: (callback, ms) => timers.push({ callback, ms, repeat: false }),
      log: (message) => logged.push(message),
    },
  );
  return {
    update,
    callbacks: () => callbacks,
    timers,
    logged,
    activations: () => activations,
    /** A new service worker takes control of the page. */
    controllerChange: () => changes.forEach((listener) => listener()),
    reloads: () => reloads,
  };
}

describe('createAppUpdate', () => {
  it('starts quiet, and tells subscribers when the app is ready offline', () => {
    const { update, callbacks } = harness();
    expect(update.getState()).toEqual({ offlineReady: false, updateReady: false, reloading: false, error: null });
    let calls = 0;
    const unsubscribe = update.subscribe(() => (calls += 1));
    callbacks().onOfflineReady?.();
    expect(update.getState().offlineReady).toBe(true);
    update.dismissOfflineReady();
    expect(update.getState().offlineReady).toBe(false);
    unsubscribe();
    callbacks().onOfflineReady?.();
    expect(calls).toBe(2);
  });

  it('shows a waiting version, and Reload hands over to it once (the page reloads when it has)', async () => {
    const { update, callbacks, activations, timers } = harness();
    await update.reload();
    expect(activations()).toBe(0);

    callbacks().onNeedRefresh?.();
    expect(update.getState()).toMatchObject({ updateReady: true, reloading: false });
    const first = update.reload();
    const second = update.reload();
    await Promise.all([first, second]);
    expect(activations()).toBe(1);
    expect(update.getState()).toMatchObject({ updateReady: true, reloading: true, error: null });
    expect(timers.filter((timer) => !timer.repeat).map((timer) => timer.ms)).toEqual([TAKEOVER_TIMEOUT_MS]);
  });

  it('reloads when a new version takes over a controlled page, not when the first install claims it', async () => {
    // A first visit: the page loaded without a service worker, then the first install claimed it.
    const first = harness();
    first.controllerChange();
    expect(first.reloads()).toBe(0);
    // Later in the same tab, a new build: Reload hands over, and the takeover reloads the page.
    first.callbacks().onNeedRefresh?.();
    await first.update.reload();
    first.controllerChange();
    expect(first.reloads()).toBe(1);

    // Another tab of the old version reloads when the new one takes over, without its own click.
    const other = harness({ controlled: true });
    other.controllerChange();
    expect(other.reloads()).toBe(1);
    // workbox-window's own reload is left to this module.
    other.callbacks().onNeedReload?.();
    expect(other.reloads()).toBe(1);
  });

  it('says what to do when the new version does not take over, and Reload can be tried again', async () => {
    const failing = harness({ activate: () => Promise.reject(new Error('no waiting worker')) });
    failing.callbacks().onNeedRefresh?.();
    await failing.update.reload();
    expect(failing.update.getState()).toMatchObject({ reloading: false, error: UPDATE_FAILED_MESSAGE });

    const silent = harness();
    silent.callbacks().onNeedRefresh?.();
    await silent.update.reload();
    silent.timers.find((timer) => !timer.repeat)?.callback();
    expect(silent.update.getState()).toMatchObject({ reloading: false, error: UPDATE_FAILED_MESSAGE });
    await silent.update.reload();
    expect(silent.activations()).toBe(2);
  });

  it('checks for a new version every hour while online', () => {
    let checks = 0;
    const registration = { update: async () => void (checks += 1) } as unknown as ServiceWorkerRegistration;
    const online = harness();
    online.callbacks().onRegisteredSW?.('/sw.js', registration);
    expect(online.timers).toHaveLength(1);
    expect(online.timers[0]?.ms).toBe(UPDATE_CHECK_INTERVAL_MS);
    online.timers[0]?.callback();
    expect(checks).toBe(1);

    const offline = harness({ online: false });
    offline.callbacks().onRegisteredSW?.('/sw.js', registration);
    offline.timers[0]?.callback();
    expect(checks).toBe(1);

    const none = harness();
    none.callbacks().onRegisteredSW?.('/sw.js', undefined);
    expect(none.timers).toHaveLength(0);
  });

  it('keeps a failed registration to the console: the app works online without one', () => {
    const { update, callbacks, logged } = harness();
    callbacks().onRegisterError?.(new Error('SecurityError'));
    expect(logged).toEqual(['The service worker could not be registered; the app will not work offline']);
    expect(update.getState().error).toBeNull();
  });
});
