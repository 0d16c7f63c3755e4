import type { StoreChange, StoredValues } from './local-store';

/**
 * Tells other tabs what a store changed, over a BroadcastChannel named after the database. A channel never
 * receives its own messages, so each store hears only the others. Where BroadcastChannel is missing, both
 * directions silently do nothing.
 */
export interface ChangeFeed {
  /** Call after the change has committed. */
  announce(change: StoreChange): void;
  subscribe(listener: (change: StoreChange) => void): () => void;
  close(): void;
}

const valueNames: Record<keyof StoredValues, true> = { profile: true, jobsSource: true, supabase: true };
const kinds = new Set<string>(['cleared', 'jobs', 'vectors', ...Object.keys(valueNames)]);

/** Messages come from other tabs of the same origin, possibly running another version of the app. */
function asChange(data: unknown): StoreChange | null {
  if (typeof data !== 'object' || data === null) return null;
  const kind = (data as { kind?: unknown }).kind;
  return typeof kind === 'string' && kinds.has(kind) ? ({ kind } as StoreChange) : null;
}

export function openChangeFeed(name: string): ChangeFeed {
  if (typeof BroadcastChannel === 'undefined') {
    return { announce() {}, subscribe: () => () => undefined, close() {} };
  }
  const channel = new BroadcastChannel(name);
  // Node (the tests) keeps the process alive while a channel is open; a browser has no unref.
  (channel as { unref?: () => void }).unref?.();
  const listeners = new Set<(change: StoreChange) => void>();
  let closed = false;
  channel.onmessage = (event: MessageEvent) => {
    const change = asChange(event.data);
    if (change) for (const listener of [...listeners]) listener(change);
  };
  return {
    announce(change) {
      if (closed) return;
      channel.postMessage({ kind: change.kind });
    },
    subscribe(listener) {
      // Each subscription is its own entry, so subscribing the same function twice needs two unsubscribes.
      const entry = (change: StoreChange) => listener(change);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      channel.close();
    },
  };
}
