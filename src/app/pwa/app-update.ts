/**
 * The page's side of the service worker, without React: registers it, and keeps what the page tells a
 * person about it (offline ready, a new version waiting) in one small state that a hook subscribes to.
 * The registration function is passed in (vite-plugin-pwa's `registerSW` in the app, a fake in tests).
 */

/** What `registerSW` from `virtual:pwa-register` takes (the members used here). */
export interface RegisterOptions {
  onNeedReload?: () => void;
  onNeedRefresh?: () => void;
  onOfflineReady?: () => void;
  onRegisteredSW?: (swScriptUrl: string, registration: ServiceWorkerRegistration | undefined) => void;
  onRegisterError?: (error: unknown) => void;
}
/** Asks the waiting service worker to take over (workbox-window sends it SKIP_WAITING). */
export type ActivateUpdate = () => Promise<void>;
export type RegisterServiceWorker = (options: RegisterOptions) => ActivateUpdate;

export interface AppUpdateState {
  /** The first service worker has installed: the app now opens with no network. */
  offlineReady: boolean;
  /** A new build's service worker is installed and waits for the page to say "reload". */
  updateReady: boolean;
  /** Reload was pressed; the new version is taking over. */
  reloading: boolean;
  /** Why the update could not be applied, for a person; null when nothing went wrong. */
  error: string | null;
}

export interface AppUpdate {
  getState(): AppUpdateState;
  subscribe(listener: () => void): () => void;
  /** Hands the page to the waiting version. Everything a person had lives in IndexedDB and comes back. */
  reload(): Promise<void>;
  dismissOfflineReady(): void;
}

export const UPDATE_MESSAGE = 'A new version of CareerPilot Match is ready. Reload to use it.';
export const OFFLINE_READY_MESSAGE = 'CareerPilot Match is saved in this browser and now opens without a network.';
export const UPDATE_FAILED_MESSAGE =
  'The new version could not take over. Close every CareerPilot Match tab and open it again to use it.';

/** A tab left open for days still learns of a new build; the browser itself checks only on navigation. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** The page reloads as soon as the new version controls it; still being here this long later means it did not. */
export const TAKEOVER_TIMEOUT_MS = 15_000;

const initial: AppUpdateState = { offlineReady: false, updateReady: false, reloading: false, error: null };

/** The members of `navigator.serviceWorker` used here. */
export interface ServiceWorkerClient {
  readonly controller: object | null;
  addEventListener(type: 'controllerchange', listener: () => void): void;
}

export interface AppUpdateOptions {
  /** `navigator.serviceWorker`; absent where the browser has no service workers (or in an insecure context). */
  serviceWorker?: ServiceWorkerClient | null;
  reloadPage?: () => void;
  /** Whether the browser believes it is online; checks are skipped when it is not. */
  online?: () => boolean;
  setInterval?: (callback: () => void, ms: number) => unknown;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  log?: (message: string, error: unknown) => void;
}

export function createAppUpdate(register: RegisterServiceWorker, options: AppUpdateOptions = {}): AppUpdate {
  const online = options.online ?? (() => typeof navigator === 'undefined' || navigator.onLine);
  const every = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
  const after = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const log = options.log ?? ((message, error) => console.warn(message, error));
  const container =
    options.serviceWorker !== undefined
      ? options.serviceWorker
      : typeof navigator !== 'undefined' && 'serviceWorker' in navigator
        ? navigator.serviceWorker
        : null;
  const reloadPage = options.reloadPage ?? (() => window.location.reload());
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (change: Partial<AppUpdateState>) => {
    state = { ...state, ...change };
    for (const listener of listeners) listener();
  };

  /*
   * The page reloads when a new version takes control of a page an older one controlled: after this tab's
   * Reload, and in every other open tab too, whose older chunks the new version no longer keeps. The first
   * install taking control of an uncontrolled page (clientsClaim in sw.ts) is no reason to reload.
   * workbox-window's own reload is switched off (onNeedReload below): it fires only when the page had a
   * controller when it registered, so a tab opened before the first install never reloaded into an update.
   */
  let controlled = container?.controller != null;
  let reloadRequested = false;
  container?.addEventListener('controllerchange', () => {
    if (controlled || reloadRequested) reloadPage();
    controlled = true;
  });

  const activate = register({
    onNeedReload: () => undefined,
    onNeedRefresh: () => set({ updateReady: true, offlineReady: false, error: null }),
    onOfflineReady: () => set({ offlineReady: true }),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      every(() => {
        if (online()) registration.update().catch((error: unknown) => log('Checking for a new version failed', error));
      }, UPDATE_CHECK_INTERVAL_MS);
    },
    // The app works without a service worker (as it did before one existed): only the console hears of it.
    onRegisterError: (error) => log('The service worker could not be registered; the app will not work offline', error),
  });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reload() {
      if (!state.updateReady || state.reloading) return;
      set({ reloading: true, error: null });
      reloadRequested = true;
      const failed = (error: unknown) => {
        log('The new service worker did not take over', error);
        set({ reloading: false, error: UPDATE_FAILED_MESSAGE });
      };
      try {
        // Resolves once the waiting worker was asked to take over; the controllerchange above then reloads.
        await activate();
        after(() => failed(new Error(`no reload ${TAKEOVER_TIMEOUT_MS} ms after asking`)), TAKEOVER_TIMEOUT_MS);
      } catch (error) {
        failed(error);
      }
    },
    dismissOfflineReady: () => set({ offlineReady: false }),
  };
}
