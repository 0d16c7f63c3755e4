import { useState } from 'react';
import type { MatchingSnapshot } from '../matching/snapshot';

interface Props {
  canExport: boolean;
  storageUse: MatchingSnapshot['storageUse'];
  onExport: () => void;
  onClear: () => void;
}

const megabytes = (bytes: number) =>
  `${(bytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

export function ActionsPanel({ canExport, storageUse, onExport, onClear }: Props) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card actions" aria-label="Your data">
      <button type="button" onClick={onExport} disabled={!canExport}>
        Export jobs_vectors.json
      </button>
      {confirming ? (
        <span className="row">
          <span>Delete jobs, vectors and profile from this browser?</span>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirming(false);
              onClear();
            }}
          >
            Yes, clear local data
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Clear local data
        </button>
      )}
      {storageUse && (
        <p className="hint" data-testid="storage-use">
          This site stores {megabytes(storageUse.usage)} on this device (of {megabytes(storageUse.quota)} the browser
          allows). Vectors no loaded job has used for 30 days are removed, and at most 200,000 are kept.
        </p>
      )}
    </section>
  );
}
