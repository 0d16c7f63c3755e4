import { useSyncExternalStore } from 'react';
import { OFFLINE_READY_MESSAGE, UPDATE_MESSAGE, type AppUpdate, type AppUpdateState } from './app-update';

interface UpdateNoticeProps {
  state: AppUpdateState;
  onReload: () => void;
  onDismissOfflineReady: () => void;
}

/** A new version waiting (with Reload, or why it did not take over), or, once, "works offline now". */
export function UpdateNotice({ state, onReload, onDismissOfflineReady }: UpdateNoticeProps) {
  if (state.updateReady) {
    return (
      <div
        className={state.error ? 'notice error' : 'notice'}
        role={state.error ? 'alert' : 'status'}
        // The shared .notice style is made for a small × button; a full-size button sits centred beside the text.
        style={{ alignItems: 'center' }}
      >
        <span>{state.error ?? UPDATE_MESSAGE}</span>
        <button type="button" onClick={onReload} disabled={state.reloading}>
          {state.reloading ? 'Reloading…' : state.error ? 'Try again' : 'Reload'}
        </button>
      </div>
    );
  }
  if (state.offlineReady) {
    return (
      <div className="notice" role="status">
        <span>{OFFLINE_READY_MESSAGE}</span>
        <button type="button" className="link" onClick={onDismissOfflineReady} aria-label="Dismiss message">
          ×
        </button>
      </div>
    );
  }
  return null;
}

/** The notice, kept up to date with the service worker's state. */
export function AppUpdateNotice({ update }: { update: AppUpdate }) {
  const state = useSyncExternalStore(update.subscribe, update.getState);
  return (
    <UpdateNotice
      state={state}
      onReload={() => void update.reload()}
      onDismissOfflineReady={() => update.dismissOfflineReady()}
    />
  );
}
