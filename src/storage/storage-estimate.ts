/** How much this site stores and may store, in bytes, as the browser reports it (an estimate, not exact). */
export interface StorageEstimate {
  usage: number;
  quota: number;
}

/** The browser's estimate for this site, or null where the browser (or Node) has none. */
export async function storageEstimate(): Promise<StorageEstimate | null> {
  try {
    if (typeof navigator === 'undefined' || typeof navigator.storage?.estimate !== 'function') return null;
    const { usage, quota } = await navigator.storage.estimate();
    return typeof usage === 'number' && typeof quota === 'number' ? { usage, quota } : null;
  } catch {
    // Some browsers refuse it in private windows or insecure contexts: there is just nothing to show.
    return null;
  }
}
