import { useState } from 'react';

interface Props {
  canExport: boolean;
  onExport: () => void;
  onClear: () => void;
}

export function ActionsPanel({ canExport, onExport, onClear }: Props) {
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
    </section>
  );
}
